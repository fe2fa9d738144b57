# cmake-format (Debian: cmake-format) settings for every CMake file of the
# repository; tests/run.sh (stage packaging) runs cmake-format --check on them.
with section("parse"):
    # ESP-IDF's and CMakePackageConfigHelpers' commands, so that their
    # keywords are laid out like those of the built-in commands
    additional_commands = {
        "idf_component_register": {
            "kwargs": {
                "SRCS": "*",
                "SRC_DIRS": "*",
                "EXCLUDE_SRCS": "*",
                "INCLUDE_DIRS": "*",
                "PRIV_INCLUDE_DIRS": "*",
                "REQUIRES": "*",
                "PRIV_REQUIRES": "*",
                "LDFRAGMENTS": "*",
                "EMBED_FILES": "*",
                "EMBED_TXTFILES": "*",
                "KCONFIG": 1,
                "KCONFIG_PROJBUILD": 1,
            },
            "flags": ["REQUIRED_IDF_TARGETS", "WHOLE_ARCHIVE"],
        },
        "configure_package_config_file": {
            "pargs": 2,
            "flags": ["NO_SET_AND_CHECK_MACRO", "NO_CHECK_REQUIRED_COMPONENTS_MACRO"],
            "kwargs": {"INSTALL_DESTINATION": 1, "PATH_VARS": "*", "INSTALL_PREFIX": 1},
        },
        "write_basic_package_version_file": {
            "pargs": 1,
            "flags": ["ARCH_INDEPENDENT"],
            "kwargs": {"VERSION": 1, "COMPATIBILITY": 1},
        },
    }

with section("format"):
    line_width = 80
    tab_size = 2
    dangle_parens = False
    command_case = "canonical"
    keyword_case = "upper"

with section("markup"):
    # comments are prose written by hand: keep them as they are
    enable_markup = False
