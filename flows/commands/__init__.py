"""One module per `muster` subcommand. Each defines NAME, HELP, add_arguments(parser) and run(args) -> int.

The CLI discovers them, so adding a command touches only its own module.
"""
