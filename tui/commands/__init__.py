"""One module per `marginalia` subcommand, each with `main(argv) -> int`."""
