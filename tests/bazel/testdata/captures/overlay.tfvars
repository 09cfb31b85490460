runner_pools = {}
