"""One module per subcommand: `HELP`, `add_arguments(parser)`, `run(ns, io) -> exit status`."""
