"""@boringssl: BoringSSL for ctcore.

Debian's android-libboringssl-dev: headers in /usr/include/android/openssl,
libraries in /usr/lib/x86_64-linux-gnu/android.
"""

def _boringssl_repository_impl(ctx):
    include = "/usr/include/android"
    libdir = "/usr/lib/x86_64-linux-gnu/android"
    if not ctx.path(include + "/openssl/base.h").exists:
        fail("BoringSSL headers are missing; run scripts/setup (package android-libboringssl-dev)")
    ctx.symlink(include + "/openssl", "include/openssl")
    ctx.symlink(libdir + "/libcrypto.so.0", "lib/libcrypto.so.0")
    ctx.symlink(libdir + "/libssl.so.0", "lib/libssl.so.0")
    ctx.file("WORKSPACE", 'workspace(name = "boringssl")\n')
    ctx.symlink(ctx.attr._packaged_build, "BUILD.bazel")

boringssl_repository = repository_rule(
    implementation = _boringssl_repository_impl,
    attrs = {
        "_packaged_build": attr.label(default = "//third_party/boringssl:packaged.BUILD"),
    },
    local = True,
)
