#!/usr/bin/env python3
"""Which src/ files scripts/lint.py hands to clang-tidy (ctest: lint_selection).

Each test builds a small git repository in a temporary directory (no compiler, no clang-tidy),
commits a tree, names a commit in .lint-base and asks lint.py's tidy_selection() what to check.
UpdateBaseTest runs lint.py --update-base there with a fake clang-tidy (when .lint-base moves).
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("lint", os.path.join(HERE, "lint.py"))
lint = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lint)

TREE = {
    "src/core/text.h": "#pragma once\nint Text();\n",
    "src/core/text.cc": '#include "core/text.h"\nint Text() { return 1; }\n',
    # Includes core/text.h only through core/words.h.
    "src/core/words.h": '#pragma once\n#include "core/text.h"\n',
    "src/service/words.cc": '#include "core/words.h"\nint Words() { return Text(); }\n',
    # Includes a header beside it by its bare name.
    "src/service/local.h": "#pragma once\n",
    "src/service/local.cc": '#include "local.h"\n#include <vector>\n',
    "src/app/main.cc": "int main() { return 0; }\n",
    "tests/e2e/e2e_test.cc": '#include "core/text.h"\n',
    ".gitignore": "/build/\n",
}


class RepoTestCase(unittest.TestCase):
    """A temporary repository holding TREE, with .lint-base naming the commit of TREE."""

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="lint_selection_")
        self.addCleanup(shutil.rmtree, self.root)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "test@example.invalid")
        self.git("config", "user.name", "test")
        for path, text in TREE.items():
            self.write(path, text)
        self.base = self.commit("tree that passed")
        self.write(".lint-base", f"# comment\n{self.base}\n")
        self.commit("base")

    def git(self, *args):
        return subprocess.run(["git", *args], cwd=self.root, check=True, capture_output=True,
                              text=True).stdout.strip()

    def write(self, path, text):
        full = os.path.join(self.root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)

    def commit(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")



class SelectionTest(RepoTestCase):
    def select(self):
        files, message = lint.tidy_selection(self.root)
        return files, message

    def test_nothing_changed_selects_nothing(self):
        self.assertEqual(self.select(), ([], None))

    def test_committed_change_to_a_source_selects_it(self):
        self.write("src/app/main.cc", "int main() { return 1; }\n")
        self.commit("change main")
        self.assertEqual(self.select(), (["src/app/main.cc"], None))

    def test_working_tree_changes_and_untracked_sources_are_selected(self):
        self.write("src/app/main.cc", "int main() { return 2; }\n")  # unstaged
        self.write("src/core/new.cc", "int New() { return 0; }\n")  # untracked
        self.write("build/gen.cc", "int Gen();\n")  # ignored
        self.assertEqual(self.select(), (["src/app/main.cc", "src/core/new.cc"], None))

    def test_changed_header_selects_every_source_including_it_transitively(self):
        self.write("src/core/text.h", "#pragma once\nint Text();\nint More();\n")
        self.commit("change header")
        # words.cc includes it through words.h; tests/ is not clang-tidy's.
        self.assertEqual(self.select(), (["src/core/text.cc", "src/service/words.cc"], None))

    def test_header_included_by_bare_name(self):
        self.write("src/service/local.h", "#pragma once\nint Local();\n")
        self.assertEqual(self.select(), (["src/service/local.cc"], None))

    def test_files_listed_after_the_base_are_always_selected(self):
        self.write(".lint-base", f"{self.base}\n# known findings\nsrc/app/main.cc\n")
        self.commit("base with a known finding")
        self.assertEqual(self.select(), (["src/app/main.cc"], None))

    def test_changed_clang_tidy_config_selects_every_source(self):
        self.write(".clang-tidy", "Checks: '-*'\n")
        files, _ = self.select()
        self.assertEqual(files, ["src/app/main.cc", "src/core/text.cc", "src/service/local.cc",
                                 "src/service/words.cc"])

    def test_base_missing_from_history_falls_back_to_heads_commit(self):
        self.write(".lint-base", "0123456789abcdef0123456789abcdef01234567\n")
        self.write("src/app/main.cc", "int main() { return 5; }\n")
        self.commit("base from another history; change main.cc")
        self.write("src/core/text.cc", '#include "core/text.h"\nint Text() { return 2; }\n')
        self.commit("change text.cc")
        files, message = self.select()
        # Only HEAD's own commit: main.cc, changed by its parent, is not selected.
        self.assertEqual(files, ["src/core/text.cc"])
        self.assertIn("not in this clone", message)
        self.assertIn("HEAD's own commit", message)
        self.assertNotIn("\n", message)

    def test_shallow_clone_without_the_base(self):
        self.write("src/app/main.cc", "int main() { return 3; }\n")
        self.commit("after the base")
        clone = tempfile.mkdtemp(prefix="lint_selection_clone_")
        self.addCleanup(shutil.rmtree, clone)
        subprocess.run(["git", "clone", "-q", "--depth=1", f"file://{self.root}", clone],
                       check=True, capture_output=True)
        files, message = lint.tidy_selection(clone)
        self.assertEqual(files, [])
        self.assertIn("not in this clone", message)
        with open(os.path.join(clone, "src/core/words.h"), "a") as f:
            f.write("// edited\n")
        files, _ = lint.tidy_selection(clone)
        self.assertEqual(files, ["src/service/words.cc"])

    def test_no_git_repository(self):
        shutil.rmtree(os.path.join(self.root, ".git"))
        files, message = self.select()
        self.assertEqual(files, [])
        self.assertIn("make lint-full", message)

    def test_update_base_writes_head_only_from_a_clean_tree(self):
        self.write("src/app/main.cc", "int main() { return 4; }\n")
        self.assertIn("not updated", lint.update_base(self.root))
        self.assertEqual(lint.read_base(self.root), (self.base, []))
        head = self.commit("clean again")
        self.assertIn("set to", lint.update_base(self.root))
        self.assertEqual(lint.read_base(self.root), (head, []))
        self.assertEqual(self.select(), ([], None))


FAKE_TIDY = """#!{python}
# Stands in for clang-tidy: logs the file it is given, and finds something in files saying FINDING.
import os, sys
if "--version" in sys.argv:
    print("fake clang-tidy 14")
    sys.exit(0)
path = sys.argv[-1]
with open(os.environ["FAKE_TIDY_LOG"], "a") as log:
    log.write(os.path.relpath(path, os.environ["FAKE_TIDY_ROOT"]) + "\\n")
if "FINDING" in open(path).read():
    print(path + ":1:1: warning: fake finding [misc-fake]")
    sys.exit(1)
"""


class UpdateBaseTest(RepoTestCase):
    """scripts/lint.py --update-base run as a command in the temporary repository (its own copy of
    lint.py, so that it works on that tree), with a fake clang-tidy that records what it checks."""

    def setUp(self):
        super().setUp()
        self.tools = tempfile.mkdtemp(prefix="lint_selection_tools_")
        self.addCleanup(shutil.rmtree, self.tools)
        self.tidy = os.path.join(self.tools, "clang-tidy")
        with open(self.tidy, "w") as f:
            f.write(FAKE_TIDY.format(python=sys.executable))
        os.chmod(self.tidy, 0o755)
        self.log = os.path.join(self.tools, "checked.txt")
        with open(os.path.join(HERE, "lint.py")) as f:
            self.write("scripts/lint.py", f.read())
        self.head = self.commit("lint.py (nothing under src/ changes)")

    def lint(self, *args):
        """Runs lint.py; returns (exit status, stderr, the files the fake clang-tidy checked)."""
        sources = [p for p in self.git("ls-files", "src").split("\n") if p.endswith(".cc")]
        self.write("build/compile_commands.json", json.dumps(
            [{"directory": self.root, "file": p, "command": f"c++ -c {p}"} for p in sources]))
        if os.path.exists(self.log):
            os.remove(self.log)
        env = dict(os.environ, CLANG_TIDY=self.tidy, FAKE_TIDY_LOG=self.log,
                   FAKE_TIDY_ROOT=self.root)
        r = subprocess.run([sys.executable, os.path.join(self.root, "scripts/lint.py"),
                            "--build-dir", os.path.join(self.root, "build"), "--no-format", "-j1",
                            *args], cwd=self.root, env=env, capture_output=True, text=True)
        checked = []
        if os.path.exists(self.log):
            with open(self.log) as f:
                checked = sorted(f.read().split())
        return r.returncode, r.stderr, checked

    def test_changed_tree_run_without_findings_moves_the_base(self):
        # The base lists main.cc as having had findings; text.cc changed since.
        self.write(".lint-base", f"{self.base}\nsrc/app/main.cc\n")
        self.write("src/core/text.cc", '#include "core/text.h"\nint Text() { return 7; }\n')
        head = self.commit("change text.cc")
        code, err, checked = self.lint("--update-base")
        self.assertEqual(code, 0, err)
        # Only the changed file and the listed one were checked, not the whole of src/.
        self.assertEqual(checked, ["src/app/main.cc", "src/core/text.cc"])
        self.assertIn("set to", err)
        self.assertEqual(lint.read_base(self.root), (head, []))

    def test_stamped_files_count_as_checked(self):
        self.write("src/core/text.cc", '#include "core/text.h"\nint Text() { return 7; }\n')
        head = self.commit("change text.cc")
        self.assertEqual(self.lint()[0], 0)  # stamps text.cc
        code, err, checked = self.lint("--update-base")
        self.assertEqual((code, checked), (0, []), err)
        self.assertEqual(lint.read_base(self.root), (head, []))

    def test_finding_in_the_changed_tree_keeps_the_base(self):
        self.write("src/core/text.cc", '#include "core/text.h"\nint Text() { return 8; }  // FINDING\n')
        self.commit("a finding")
        code, err, checked = self.lint("--update-base")
        self.assertEqual(code, 1)
        self.assertEqual(checked, ["src/core/text.cc"])
        self.assertIn("clang-tidy has findings", err)
        self.assertEqual(lint.read_base(self.root), (self.base, []))

    def test_dirty_tree_is_refused_before_clang_tidy_runs(self):
        self.write("src/core/text.cc", '#include "core/text.h"\nint Text() { return 9; }\n')
        for args in (["--update-base"], ["--all", "--update-base"]):
            code, err, checked = self.lint(*args)
            self.assertEqual((code, checked), (2, []), err)
            self.assertIn("not HEAD's", err)
            self.assertEqual(lint.read_base(self.root), (self.base, []))

    def test_base_not_in_the_clone_needs_all(self):
        self.write(".lint-base", "0123456789abcdef0123456789abcdef01234567\n")
        head = self.commit("base from another history")
        code, err, checked = self.lint("--update-base")
        self.assertEqual((code, checked), (2, []), err)
        self.assertIn("use --all", err)
        self.assertEqual(lint.read_base(self.root)[0], "0123456789abcdef0123456789abcdef01234567")
        code, err, checked = self.lint("--all", "--update-base")
        self.assertEqual(code, 0, err)
        self.assertEqual(len(checked), 4)  # every src/**/*.cc
        self.assertEqual(lint.read_base(self.root), (head, []))

    def test_file_arguments_are_refused(self):
        code, err, checked = self.lint("--update-base", "src/core/text.cc")
        self.assertEqual((code, checked), (2, []), err)
        self.assertEqual(lint.read_base(self.root), (self.base, []))


if __name__ == "__main__":
    unittest.main()
