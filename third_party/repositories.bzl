"""ctcore's external dependencies, all from Debian 12 packages (see scripts/setup).

Each dependency is exposed under its upstream repository and target names, so
code reads the same as against upstream archives or BCR modules:

  @boringssl//:crypto, @boringssl//:ssl          android-libboringssl-dev (or a source build, see boringssl.bzl)
  @com_google_absl//absl/<pkg>:<target>           libabsl-dev (targets.bzl lists what each links)
  @com_google_protobuf//:protobuf, :protoc        libprotobuf-dev, protobuf-compiler
  @com_google_googletest//:gtest, :gtest_main     libgtest-dev, libgmock-dev
  @com_github_google_benchmark//:benchmark(_main) libbenchmark-dev
  @curl//:curl                                    libcurl4-gnutls-dev
  @nlohmann_json//:json                           nlohmann-json3-dev (tests and CLI output only)
  @sqlite3//:sqlite3                              libsqlite3-dev (ct/monitor state)
"""

load("//third_party/absl:targets.bzl", "ABSL_TARGETS", "ABSL_VERSION")
load("//third_party/boringssl:boringssl.bzl", "boringssl_repository")

def _system_repository_impl(ctx):
    for name, target in ctx.attr.symlinks.items():
        if not ctx.path(target).exists:
            fail("%s: %s is missing; run scripts/setup to install ctcore's Debian packages" % (ctx.name, target))
        ctx.symlink(target, name)
    ctx.file("WORKSPACE", 'workspace(name = "%s")\n' % ctx.name)
    ctx.symlink(ctx.attr.build_file, "BUILD.bazel")

system_repository = repository_rule(
    implementation = _system_repository_impl,
    doc = "A system library: symlinks into /usr plus a BUILD file from //third_party.",
    attrs = {
        "symlinks": attr.string_dict(doc = "name in the repository -> absolute path"),
        "build_file": attr.label(mandatory = True, allow_single_file = True),
    },
    local = True,
)

def _absl_repository_impl(ctx):
    if not ctx.path("/usr/include/absl/base/config.h").exists:
        fail("Abseil headers are missing; run scripts/setup (package libabsl-dev)")
    ctx.file("WORKSPACE", 'workspace(name = "com_google_absl")\n')
    ctx.file("BUILD.bazel", "# Debian libabsl-dev %s, wrapped by //third_party/repositories.bzl.\n" % ABSL_VERSION)
    for package, targets in ABSL_TARGETS.items():
        lines = [
            "# Generated from //third_party/absl:targets.bzl (Debian libabsl-dev %s)." % ABSL_VERSION,
            "# Headers come from /usr/include; each target links exactly the absl_*",
            "# shared libraries its pkg-config module requires.",
            'package(default_visibility = ["//visibility:public"])',
            "",
        ]
        for name, linkopts in targets.items():
            lines.append('cc_library(name = "%s", linkopts = %s)' % (name, repr(linkopts)))
        ctx.file(package + "/BUILD.bazel", "\n".join(lines) + "\n")

absl_repository = repository_rule(
    implementation = _absl_repository_impl,
    doc = "Debian's Abseil under the upstream @com_google_absl target names.",
    local = True,
)

def ctcore_dependencies():
    """Declares every external repository ctcore builds against."""
    boringssl_repository(name = "boringssl")
    absl_repository(name = "com_google_absl")
    system_repository(
        name = "com_google_protobuf",
        build_file = "//third_party/system:protobuf.BUILD",
        symlinks = {"protoc": "/usr/bin/protoc"},
    )
    system_repository(
        name = "com_google_googletest",
        build_file = "//third_party/system:googletest.BUILD",
        symlinks = {"libgtest.a": "/usr/lib/x86_64-linux-gnu/libgtest.a"},
    )
    system_repository(
        name = "com_github_google_benchmark",
        build_file = "//third_party/system:benchmark.BUILD",
        symlinks = {"libbenchmark_main.a": "/usr/lib/x86_64-linux-gnu/libbenchmark_main.a"},
    )
    system_repository(
        name = "nlohmann_json",
        build_file = "//third_party/system:nlohmann_json.BUILD",
        symlinks = {"include/nlohmann": "/usr/include/nlohmann"},
    )
    system_repository(
        name = "sqlite3",
        build_file = "//third_party/system:sqlite3.BUILD",
        symlinks = {"libsqlite3.so": "/usr/lib/x86_64-linux-gnu/libsqlite3.so"},
    )
    system_repository(
        name = "curl",
        build_file = "//third_party/system:curl.BUILD",
        symlinks = {"libcurl-gnutls.so": "/usr/lib/x86_64-linux-gnu/libcurl-gnutls.so"},
    )
