"""`python -m yusuan` runs the command line."""

from yusuan.cli import app

if __name__ == "__main__":
    app()
