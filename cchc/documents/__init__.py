"""Documents in and out: import plans from text, Word and PDF; export them as Decree 30/2020 documents."""
