"""@boringssl: BoringSSL for ctcore (see docs/boringssl.md).

Preferred: a static build of Debian's own BoringSSL source package
(android-platform-external-boringssl, the version of the installed
android-libboringssl-dev), which scripts/setup fetches with `apt-get source`
into a cache outside the repository and announces to Bazel through
third_party/boringssl/source.bazelrc:

    --repo_env=CTCORE_BORINGSSL_SRC=<unpacked source tree>

The BUILD file is generated here from the package's debian/sources.mk
(crypto_sources, linux_x86_64_sources, ssl_sources) and compiles them with the
x86_64 assembly, -O2 and hidden visibility, and without the -DOPENSSL_SMALL of
Debian's debian/rules, which compiles out the fast P-256 code.

Fallback: when CTCORE_BORINGSSL_SRC is unset or does not hold the source, the
repository wraps Debian's packaged library (headers in
/usr/include/android/openssl, libraries in /usr/lib/x86_64-linux-gnu/android):
slower, still correct. Either way the targets are @boringssl//:crypto and
@boringssl//:ssl.

Bazel re-runs this rule whenever CTCORE_BORINGSSL_SRC changes (`environ`)
and after each server restart (`local`).
"""

_ENV = "CTCORE_BORINGSSL_SRC"

# The source lists this build needs from debian/sources.mk.
_LISTS = ["crypto_sources", "linux_x86_64_sources", "ssl_sources"]

def _parse_sources_mk(text):
    """Returns {variable: [files]} for the `name := \\` lists of sources.mk."""
    lists = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if current == None:
            if line.endswith(":= \\") or line.endswith(":=\\"):
                current = line.split(":=")[0].strip()
                lists[current] = []
            continue
        if not line or line.startswith("#"):
            current = None
            continue
        continued = line.endswith("\\")
        name = line[:-1].strip() if continued else line
        if name:
            lists[current].append(name)
        if not continued:
            current = None
    return lists

def _packaged(ctx, reason):
    include = "/usr/include/android"
    libdir = "/usr/lib/x86_64-linux-gnu/android"
    if not ctx.path(include + "/openssl/base.h").exists:
        fail("BoringSSL headers are missing; run scripts/setup (package android-libboringssl-dev)")

    # One line per (re)evaluation, so a slow build is never a silent one.
    print("ctcore: using Debian's packaged BoringSSL (built with OPENSSL_SMALL: " +
          "about 3x slower P-256): %s. Run scripts/setup; see docs/boringssl.md." % reason)
    ctx.symlink(include + "/openssl", "include/openssl")
    ctx.symlink(libdir + "/libcrypto.so.0", "lib/libcrypto.so.0")
    ctx.symlink(libdir + "/libssl.so.0", "lib/libssl.so.0")
    ctx.file("WORKSPACE", 'workspace(name = "boringssl")\n')
    ctx.symlink(ctx.attr._packaged_build, "BUILD.bazel")

def _from_source(ctx, src):
    text = ctx.read(src + "/debian/sources.mk")
    lists = _parse_sources_mk(text)
    for name in _LISTS:
        if not lists.get(name):
            return "%s/debian/sources.mk has no %s" % (src, name)

    # Everything the lists name lives under these top-level entries.
    tops = {}
    for name in _LISTS:
        for f in lists[name]:
            tops[f.split("/")[0]] = True
    for top in sorted(tops):
        if not ctx.path(src + "/" + top).exists:
            return "%s/%s is missing" % (src, top)
        ctx.symlink(src + "/" + top, top)

    version = ctx.read(src + "/debian/changelog").split("\n")[0]
    ctx.file("WORKSPACE", 'workspace(name = "boringssl")\n')
    ctx.file("VERSION", version + "\n")
    ctx.file("BUILD.bazel", ctx.read(ctx.attr._source_build).format(
        source = src,
        version = version,
        crypto_sources = _starlark_list(lists["crypto_sources"]),
        asm_sources = _starlark_list(lists["linux_x86_64_sources"]),
        ssl_sources = _starlark_list(lists["ssl_sources"]),
    ))
    return None

def _starlark_list(files):
    return "[\n" + "".join(['        "%s",\n' % f for f in files]) + "    ]"

def _boringssl_repository_impl(ctx):
    src = ctx.os.environ.get(_ENV, "")
    if not src:
        _packaged(ctx, "%s is not set (scripts/setup sets it once the source is cached)" % _ENV)
        return
    if not ctx.path(src + "/debian/sources.mk").exists:
        _packaged(ctx, "no BoringSSL source at %s=%s" % (_ENV, src))
        return
    arch = ctx.execute(["uname", "-m"]).stdout.strip()
    if arch != "x86_64":
        _packaged(ctx, "the source build covers x86_64 only (this is %s)" % arch)
        return
    problem = _from_source(ctx, src)
    if problem:
        # Clean up whatever _from_source linked before giving up on it.
        ctx.delete("BUILD.bazel")
        _packaged(ctx, problem)

boringssl_repository = repository_rule(
    implementation = _boringssl_repository_impl,
    attrs = {
        "_packaged_build": attr.label(default = "//third_party/boringssl:packaged.BUILD"),
        "_source_build": attr.label(default = "//third_party/boringssl:source.BUILD.tpl"),
    },
    environ = [_ENV],
    local = True,
)
