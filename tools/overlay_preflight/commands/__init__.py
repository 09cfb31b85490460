"""One module per sub-command: add_arguments(parser) and run(args) -> Report;
its one-line help lives in cli.COMMANDS."""
