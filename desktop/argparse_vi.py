"""argparse's own words (usage, headings, its errors) in Vietnamese, for every command the project ships
(``khuyencong``, ``khuyencong-server``). Qt-free and light: imported before any command runs."""

from __future__ import annotations

import argparse
from collections.abc import Mapping

# Python ships no translation of argparse's own words, and argparse looks each one up through the module's
# ``_`` when it is used (not when it is imported): replacing ``_`` before a parser is made is enough.
WORDS = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in phiên bản phần mềm rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "không có lựa chọn %(value)r; chọn một trong: %(choices)s",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "expected one argument": "cần một giá trị sau tham số này",
    "expected at most one argument": "chỉ nhận tối đa một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ: có thể là %(matches)s",
    "not allowed with argument %s": "không dùng cùng với %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
}


def install() -> None:
    """Make argparse say its own words in Vietnamese from now on (in this process)."""
    setattr(argparse, "_", lambda text: WORDS.get(text, text))  # noqa: B010 (not in argparse's type stubs)


def name_values(parser: argparse.ArgumentParser, names: Mapping[str, str]) -> None:
    """Name each option's value in the help ("--year NĂM") by ``names`` (the option's dest → its name), in the
    parser and every sub-command's, where argparse would write the option's English name in capitals."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                name_values(command, names)
        elif action.nargs != 0 and action.metavar is None and action.dest in names:
            action.metavar = names[action.dest]
