"""One module per screen: library, reader, help, note."""
