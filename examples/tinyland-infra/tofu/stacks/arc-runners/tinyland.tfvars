# Tinyland: the shared ARC controller owner on honey.
cluster_context      = "honey"
github_config_url    = "https://github.com/tinyland-inc"
github_config_secret = "github-app-secret-tinyland-inc"

deploy_arc_controller       = true
create_controller_namespace = true
create_runner_namespace     = true
controller_namespace        = "arc-systems"
runner_namespace            = "arc-runners"
controller_chart_version    = "0.12.1"

runner_group        = "tinyland-infra"
runner_group_policy = "organization-restricted"

nix_runner_name           = "tinyland-inc-nix"
nix_runner_scale_set_name = "tinyland-inc-nix"
nix_min_runners           = 1
nix_max_runners           = 6
nix_cpu_request           = "2"
nix_memory_request        = "4Gi"
nix_cpu_limit             = "4"
nix_memory_limit          = "8Gi"
nix_ephemeral_storage_request = "20Gi"
nix_ephemeral_storage_limit   = "40Gi"

deploy_docker_runner         = true
docker_runner_name           = "tinyland-inc-docker"
docker_runner_scale_set_name = "tinyland-inc-docker"
docker_min_runners           = 0
docker_max_runners           = 4
docker_cpu_request           = "1"
docker_memory_request        = "2Gi"
docker_cpu_limit             = "2"
docker_memory_limit          = "4Gi"

deploy_dind_runner         = true
dind_runner_name           = "tinyland-inc-dind"
dind_runner_scale_set_name = "tinyland-inc-dind"
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
