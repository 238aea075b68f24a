#!/usr/bin/env python
from garrison.__main__ import main

if __name__ == "__main__":
    main()
