"""One module per `marginalia` subcommand, each with `main(argv) -> int`."""

SUBCOMMANDS = {  # name: module with build_parser() and main(argv)
    "parse": "tui.commands.parse",
    "export": "tui.commands.export",
    "import-annotations": "tui.commands.import_annotations",
    "agreement": "tui.commands.agreement",
    "serve": "tui.commands.serve",
    "completion": "tui.commands.completion",
}
