"""What the programmes registers put on each scope's home page (issue 18): sections and to-do items,
every figure from `indicators`."""
