# -*- Python -*-
# lit configuration for Dendron's dialect, pass and tool tests.

import os

import lit.formats
import lit.util

config.name = "Dendron"
config.test_format = lit.formats.ShTest(not lit.util.which("bash") is None)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py", "lit.site.cfg.py.in"]
config.test_source_root = os.path.dirname(__file__)

site = lit_config.params.get("dendron_site_config")
if site is None:
    lit_config.fatal("run lit through ctest, or pass "
                     "--param dendron_site_config=<build>/tests/lit/lit.site.cfg.py")
lit_config.load_config(config, site)

config.test_exec_root = os.path.join(config.dendron_obj_root, "tests", "lit")
config.environment["PATH"] = os.pathsep.join(
    [config.dendron_tools_dir, config.llvm_tools_dir,
     config.environment.get("PATH", "")])
config.substitutions.append(("%shared", config.dendron_shared_dir))
config.substitutions.append(("%examples", os.path.join(config.dendron_src_root, "examples")))
config.substitutions.append(("%python", "/usr/bin/python3"))
