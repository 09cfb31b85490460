# Example Org: attaches to the shared ARC controller owned by tinyland-inc/tinyland-infra.
cluster_context      = "honey"
github_config_url    = "https://github.com/Example-Org"
github_config_secret = "github-app-secret-example-org"

deploy_arc_controller       = false
create_controller_namespace = false
create_runner_namespace     = false
controller_namespace        = "arc-systems"
runner_namespace            = "arc-runners"

runner_group        = "example-org-infra"
runner_group_policy = "organization-restricted"

nix_runner_name           = "example-org-nix"
nix_runner_scale_set_name = "example-org-nix"
nix_min_runners           = 0
nix_max_runners           = 4
nix_cpu_request           = "2"
nix_memory_request        = "4Gi"
nix_cpu_limit             = "4"
nix_memory_limit          = "8Gi"
nix_ephemeral_storage_request = "20Gi"
nix_ephemeral_storage_limit   = "40Gi"

deploy_docker_runner         = true
docker_runner_name           = "example-org-docker"
docker_runner_scale_set_name = "example-org-docker"
docker_min_runners           = 0
docker_max_runners           = 4
docker_cpu_request           = "1"
docker_memory_request        = "2Gi"
docker_cpu_limit             = "2"
docker_memory_limit          = "4Gi"

deploy_dind_runner         = false
dind_runner_name           = "example-org-dind"
dind_runner_scale_set_name = "example-org-dind"
dind_min_runners           = 0
dind_max_runners           = 2
dind_cpu_request           = "1"
dind_memory_request        = "2Gi"
dind_cpu_limit             = "2"
dind_memory_limit          = "4Gi"

attic_server            = "http://attic.nix-cache.svc.cluster.local"
attic_cache             = "main"
attic_public_key        = "main:Hm3X4aQ7ZyB0nR2sV9wL1tK8cE5uJ6pD3fG7hN2mQ4s="
bazel_cache_endpoint    = "grpc://bazel-cache.nix-cache.svc.cluster.local:9092"
bazel_executor_endpoint = "grpc://gf-reapi-cell.gf-rbe.svc.cluster.local:8980"

shared_runner_node_selector = {
  "kubernetes.io/hostname" = "honey"
}
shared_runner_tolerations = [
  { key = "dedicated", operator = "Equal", value = "ci", effect = "NoSchedule" },
]

extra_runner_sets = {}
