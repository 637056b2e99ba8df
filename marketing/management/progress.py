"""A progress bar for long commands, on stderr."""


class ProgressBar:
    """A bar on stderr that redraws in place on a terminal, one line a store elsewhere."""

    WIDTH = 24

    def __init__(self, stream):
        self.stream = stream
        self.redraw = stream.isatty()

    def show(self, position: int, total: int | None, label: str) -> None:
        if total:
            done = min(self.WIDTH, self.WIDTH * position // total)
            bar = "[" + "#" * done + "-" * (self.WIDTH - done) + f"] {position}/{total}"
        else:
            bar = f"[{position}]"
        if self.redraw:
            self.stream.write(f"\r\x1b[K{bar} {label}", ending="")
            self.stream.flush()
        else:
            self.stream.write(f"{bar} {label}")

    def finish(self) -> None:
        if self.redraw:
            self.stream.write("")
