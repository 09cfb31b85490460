# Jess: attaches to the shared ARC controller owned by tinyland-inc/tinyland-infra.
cluster_context      = "honey"
github_config_url    = "https://github.com/Jesssullivan/jesssullivan-infra"
github_config_secret = "github-app-secret-jesssullivan"

deploy_arc_controller       = false
create_controller_namespace = false
create_runner_namespace     = false
controller_namespace        = "arc-systems"
runner_namespace            = "arc-runners"

nix_runner_name           = "jesssullivan-nix"
nix_runner_scale_set_name = "jesssullivan-nix"
nix_min_runners           = 0
nix_max_runners           = 3
nix_cpu_request           = "2"
nix_memory_request        = "4Gi"
nix_cpu_limit             = "4"
nix_memory_limit          = "8Gi"

deploy_docker_runner = false
deploy_dind_runner   = false

attic_server         = "http://attic.nix-cache.svc.cluster.local"
attic_cache          = "main"
attic_public_key     = "main:Hm3X4aQ7ZyB0nR2sV9wL1tK8cE5uJ6pD3fG7hN2mQ4s="
bazel_cache_endpoint = "grpc://bazel-cache.nix-cache.svc.cluster.local:9092"

shared_runner_node_selector = {
  "kubernetes.io/hostname" = "honey"
}
shared_runner_tolerations = [
  { key = "dedicated", operator = "Equal", value = "ci", effect = "NoSchedule" },
]

# A further repository anchor: scheduling-kit's workflows keep requesting the
# shared tinyland-nix label; this scale set only registers them.
extra_runner_sets = {
  "jesssullivan-scheduling-kit-nix" = {
    github_config_url    = "https://github.com/Jesssullivan/scheduling-kit"
    github_config_secret = "github-app-secret-jesssullivan"
    runner_label         = "tinyland-nix"
    runner_type          = "nix"
    min_runners          = 0
    max_runners          = 2
    cpu_request          = "1"
    memory_request       = "2Gi"
    cpu_limit            = "2"
    memory_limit         = "4Gi"
    attic_server         = "http://attic.nix-cache.svc.cluster.local"
    attic_cache          = "main"
    bazel_cache_endpoint = "grpc://bazel-cache.nix-cache.svc.cluster.local:9092"
  }
}
