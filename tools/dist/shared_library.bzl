"""ctcore_shared_library: one shared library from cc_library deps, linked whole.

Bazel 4.2.3 has no usable cc_shared_library, and a linkshared cc_binary links
its static deps as ordinary archives (or --start-lib groups), so nothing that
the link does not already need is pulled in: the result would be empty. This
rule re-wraps the static libraries of `whole_repositories` (ctcore's own
workspace and @boringssl) as alwayslink, so that every object is linked; the
rest (Debian's shared Abseil, protobuf, libcurl-gnutls, ...) stays as it is.
The link itself is Bazel's own (cc_common.link with the configured C++
toolchain): the Bazel build stays the one description of how ctcore is built.
"""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")

def _ctcore_shared_library_impl(ctx):
    cc_toolchain = find_cpp_toolchain(ctx)
    feature_configuration = cc_common.configure_features(
        ctx = ctx,
        cc_toolchain = cc_toolchain,
        requested_features = ctx.features,
        unsupported_features = ctx.disabled_features,
    )
    whole = {r: True for r in ctx.attr.whole_repositories}
    merged = cc_common.merge_cc_infos(cc_infos = [d[CcInfo] for d in ctx.attr.deps])
    linker_inputs = []
    for li in merged.linking_context.linker_inputs.to_list():
        libraries = []
        for lib in li.libraries:
            static = lib.pic_static_library or lib.static_library
            if static != None and li.owner.workspace_name in whole:
                lib = cc_common.create_library_to_link(
                    actions = ctx.actions,
                    feature_configuration = feature_configuration,
                    cc_toolchain = cc_toolchain,
                    static_library = lib.static_library,
                    pic_static_library = lib.pic_static_library,
                    alwayslink = True,
                )
            libraries.append(lib)
        linker_inputs.append(cc_common.create_linker_input(
            owner = li.owner,
            libraries = depset(libraries),
            user_link_flags = depset(li.user_link_flags),
            additional_inputs = depset(li.additional_inputs),
        ))
    linking_context = cc_common.create_linking_context(
        linker_inputs = depset(linker_inputs, order = "topological"),
    )
    linking_outputs = cc_common.link(
        actions = ctx.actions,
        feature_configuration = feature_configuration,
        cc_toolchain = cc_toolchain,
        name = ctx.label.name + "_link",
        output_type = "dynamic_library",
        linking_contexts = [linking_context],
        user_link_flags = [
            ctx.expand_location(f, targets = ctx.attr.additional_linker_inputs)
            for f in ctx.attr.linkopts
        ],
        additional_inputs = ctx.files.additional_linker_inputs,
    )
    linked = linking_outputs.library_to_link.resolved_symlink_dynamic_library or \
             linking_outputs.library_to_link.dynamic_library
    out = ctx.actions.declare_file(ctx.label.name)
    ctx.actions.run_shell(
        inputs = [linked],
        outputs = [out],
        command = "cp -f \"$1\" \"$2\" && chmod 0755 \"$2\"",
        arguments = [linked.path, out.path],
        mnemonic = "CtcoreSharedLibrary",
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

ctcore_shared_library = rule(
    implementation = _ctcore_shared_library_impl,
    doc = "A shared library named `name` with every object of `deps` from `whole_repositories`.",
    attrs = {
        "deps": attr.label_list(providers = [CcInfo]),
        "linkopts": attr.string_list(),
        "additional_linker_inputs": attr.label_list(allow_files = True),
        # "" is this workspace.
        "whole_repositories": attr.string_list(default = ["", "boringssl"]),
        "_cc_toolchain": attr.label(default = "@bazel_tools//tools/cpp:current_cc_toolchain"),
    },
    toolchains = ["@bazel_tools//tools/cpp:toolchain_type"],
    fragments = ["cpp"],
)

def _ctcore_static_library_impl(ctx):
    cc_toolchain = find_cpp_toolchain(ctx)
    whole = {r: True for r in ctx.attr.whole_repositories}
    merged = cc_common.merge_cc_infos(cc_infos = [d[CcInfo] for d in ctx.attr.deps])
    archives = []
    for li in merged.linking_context.linker_inputs.to_list():
        if li.owner.workspace_name not in whole:
            continue
        for lib in li.libraries:
            static = lib.pic_static_library or lib.static_library
            if static != None and static not in archives:
                archives.append(static)
    out = ctx.actions.declare_file(ctx.label.name)
    obj = ctx.actions.declare_file(ctx.label.name + ".o")
    # One relocatable object: every member of every archive, then BoringSSL's
    # symbols (all hidden: -fvisibility=hidden, and its assembly marks them
    # .hidden) made local, and its weak allocator hooks renamed so that no
    # program's symbol can satisfy them (docs/embedding.md).
    hooks = ["OPENSSL_memory_alloc", "OPENSSL_memory_free", "OPENSSL_memory_get_size", "sdallocx"]
    ctx.actions.run_shell(
        inputs = archives,
        outputs = [out, obj],
        tools = cc_toolchain.all_files,
        command = " && ".join([
            "\"$1\" -r --whole-archive \"${@:5}\" -o \"$4.tmp\"",
            "\"$2\" --localize-hidden " +
            " ".join(["--redefine-sym %s=ctcore_private_%s" % (h, h) for h in hooks]) +
            " \"$4.tmp\" \"$4\"",
            "rm -f \"$4.tmp\"",
            "rm -f \"$OUT\" && \"$3\" rcs \"$OUT\" \"$4\"",
        ]),
        arguments = [
            cc_toolchain.ld_executable,
            cc_toolchain.objcopy_executable,
            cc_toolchain.ar_executable,
            obj.path,
        ] + [a.path for a in archives],
        env = {"OUT": out.path},
        mnemonic = "CtcoreStaticLibrary",
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

ctcore_static_library = rule(
    implementation = _ctcore_static_library_impl,
    doc = """libctcore.a: one relocatable object of every object of `deps` from
`whole_repositories`, BoringSSL's (hidden) symbols localized. For programs that
link statically; the shared library is the one with a full symbol policy.""",
    attrs = {
        "deps": attr.label_list(providers = [CcInfo]),
        "whole_repositories": attr.string_list(default = ["", "boringssl"]),
        "_cc_toolchain": attr.label(default = "@bazel_tools//tools/cpp:current_cc_toolchain"),
    },
    toolchains = ["@bazel_tools//tools/cpp:toolchain_type"],
    fragments = ["cpp"],
)
