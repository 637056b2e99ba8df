"""Every `manage.py` command line the README shows names a command that exists and only
options that command takes: a newcomer copying a line gets the command, not a usage error."""

import re
import shlex
from pathlib import Path

from django.core.management import get_commands, load_command_class

README = Path(__file__).resolve().parent.parent / "README.md"


def _command_lines() -> list[str]:
    text = README.read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        lines += [line.split("  #")[0].strip() for line in block.splitlines()]
    lines += re.findall(r"`((?:\.venv/bin/)?python manage\.py [^`…]+)`", text)
    found = []
    for line in lines:
        for part in line.split("&&"):
            part = part.strip()
            if re.match(r"(\.venv/bin/)?python manage\.py \w", part):
                found.append(part)
    return found


def _options_of(name: str) -> set[str]:
    parser = load_command_class(get_commands()[name], name).create_parser("manage.py", name)
    options = set()
    for action in parser._actions:
        options.update(action.option_strings)
        for choice in getattr(action, "choices", None) or ():
            if hasattr(choice, "_actions"):  # a subcommand's own options
                for sub in choice._actions:
                    options.update(sub.option_strings)
    return options


def test_every_readme_command_and_option_exists():
    lines = _command_lines()
    assert len(lines) >= 25, lines  # the README's command lines, counted
    problems = []
    for line in lines:
        words = shlex.split(line.replace("[", " ").replace("]", " ").replace("|", " "))
        name = words[words.index("manage.py") + 1]
        if name not in get_commands():
            problems.append(f"{line}: no command {name}")
            continue
        options = _options_of(name)
        for word in words:
            option = word.split("=")[0]
            if option.startswith("--") and option not in options:
                problems.append(f"{line}: {name} has no {option}")
    assert problems == []
