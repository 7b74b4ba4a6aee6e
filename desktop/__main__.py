import multiprocessing
import sys

from desktop.app import main

if __name__ == "__main__":
    # A worker process laying out documents (desktop/documents/pool.py) starts here too.
    multiprocessing.freeze_support()
    sys.exit(main())
