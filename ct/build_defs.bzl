"""Shared build settings for ctcore's own code."""

# Warnings are errors for our code only; system headers are -isystem.
CT_DEFAULT_COPTS = [
    "-Wall",
    "-Wextra",
    "-Werror",
    "-Wno-unused-parameter",
    "-Wno-sign-compare",
]

CT_TEST_COPTS = CT_DEFAULT_COPTS + ["-Wno-missing-field-initializers"]

def ct_fuzz_test(name, srcs, deps = [], corpus = None, **kwargs):
    """A libFuzzer target that is also a regression test.

    Under --config=fuzz it links libFuzzer (`bazel build --config=fuzz` then run
    the binary with a corpus directory). In every other build it links a small
    driver that replays each file of `corpus` (a directory label's files) through
    LLVMFuzzerTestOneInput, so the seed corpus runs on every `bazel test`.
    """
    data = [corpus] if corpus else []
    native.cc_test(
        name = name,
        srcs = srcs,
        copts = CT_DEFAULT_COPTS,
        deps = deps + select({
            "//ct:fuzzing": [],
            "//conditions:default": ["//ct/testing:fuzz_driver"],
        }),
        linkopts = select({
            # clang links UBSan's C++ runtime (vptr and function checks,
            # needed by C++ code such as protobuf's) only when asked.
            "//ct:fuzzing": ["-fsanitize=fuzzer", "-fsanitize-link-c++-runtime"],
            "//conditions:default": [],
        }),
        data = data,
        args = ["$(locations %s)" % corpus] if corpus else [],
        tags = ["fuzzer"],
        **kwargs
    )
