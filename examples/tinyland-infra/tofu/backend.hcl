bucket                      = "tofu-state"
key                         = "tinyland-infra/arc-runners.tfstate"
region                      = "us-east-1"
endpoint                    = "http://tofu-state-rustfs.nix-cache.svc:9000"
skip_credentials_validation = true
skip_region_validation      = true
use_path_style              = true
