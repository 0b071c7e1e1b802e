"""ctcore_public_headers: the installed header set, computed from Bazel deps."""

def _is_public(path, exclude):
    if not path.startswith("ct/") or path in exclude:
        return False
    if "/internal/" in path or "/testing/" in path or path.endswith(".pb.h"):
        return False
    return True

def _ctcore_public_headers_impl(ctx):
    exclude = {p: True for p in ctx.attr.exclude}
    headers = {}
    for dep in ctx.attr.deps:
        for f in dep[CcInfo].compilation_context.headers.to_list():
            if f.owner.workspace_name == "" and _is_public(f.short_path, exclude):
                headers[f.short_path] = f
    paths = sorted(headers)
    manifest = ctx.actions.declare_file(ctx.label.name + ".txt")
    ctx.actions.write(manifest, "".join([p + "\n" for p in paths]))
    files = [headers[p] for p in paths]
    return [
        DefaultInfo(
            files = depset(files + [manifest]),
            runfiles = ctx.runfiles(files = files + [manifest]),
        ),
        OutputGroupInfo(manifest = depset([manifest])),
    ]

ctcore_public_headers = rule(
    implementation = _ctcore_public_headers_impl,
    doc = """The headers `scripts/install` puts under include/: every header of
`deps` and of their transitive deps that lives under ct/, minus */internal/*,
*/testing/*, generated .pb.h files and `exclude`. Outputs the headers and
NAME.txt, their workspace-relative paths, one a line, sorted.""",
    attrs = {
        "deps": attr.label_list(providers = [CcInfo]),
        "exclude": attr.string_list(doc = "workspace-relative header paths to leave out"),
    },
)
