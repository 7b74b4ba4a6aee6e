import sys

from desktop.cli import run

if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        # A worker process laying out documents (desktop/documents/pool.py) starts here
        # too. Not imported from source, where it would only slow the login window.
        import multiprocessing

        multiprocessing.freeze_support()
    run()
