"""ct_cc_proto_library: C++ code generated from .proto files by Debian's protoc.

A small stand-in for rules_proto's cc_proto_library (which needs a newer Bazel
than Debian's 4.2.3): a genrule runs @com_google_protobuf//:protoc with
--cpp_out into the output tree, and a cc_library wraps the .pb.cc/.pb.h pair
and links @com_google_protobuf//:protobuf.

Protos are named from the workspace root, so `ct/sct/loglist/log_list.proto`
is included as `#include "ct/sct/loglist/log_list.pb.h"`. Well-known types
(`import "google/protobuf/timestamp.proto";`) resolve through protoc's
built-in include directory (/usr/include for Debian's protoc) and link from
libprotobuf. Generated code is compiled without ctcore's -Werror copts.
"""

def ct_cc_proto_library(name, srcs, deps = [], visibility = None, testonly = None):
    """C++ library generated from `srcs` (.proto files in this package).

    Args:
      name: the cc_library's name; the genrule is `name + "_genproto"`.
      srcs: .proto files of this package.
      deps: other ct_cc_proto_library targets whose protos `srcs` import.
      visibility: visibility of the cc_library.
      testonly: passed to both rules.
    """
    bases = []
    for src in srcs:
        if not src.endswith(".proto"):
            fail("ct_cc_proto_library %s: %s is not a .proto file" % (name, src))
        bases.append(src[:-len(".proto")])
    hdrs = [b + ".pb.h" for b in bases]
    cc_srcs = [b + ".pb.cc" for b in bases]
    proto_paths = " ".join([
        "$(location %s)" % src
        for src in srcs
    ])

    # The .proto files are named relative to the execution root (for the main
    # repository this is the workspace-relative path), so --proto_path=. makes
    # protoc write <package>/<file>.pb.{h,cc} under $(GENDIR).
    native.genrule(
        name = name + "_genproto",
        srcs = srcs + [d + "_proto_srcs" for d in deps],
        outs = hdrs + cc_srcs,
        tools = ["@com_google_protobuf//:protoc"],
        cmd = "$(location @com_google_protobuf//:protoc) --proto_path=. --cpp_out=$(GENDIR) " + proto_paths,
        testonly = testonly,
        visibility = ["//visibility:private"],
    )
    native.filegroup(
        name = name + "_proto_srcs",
        srcs = srcs,
        testonly = testonly,
        visibility = visibility,
    )
    native.cc_library(
        name = name,
        srcs = cc_srcs,
        hdrs = hdrs,
        deps = deps + ["@com_google_protobuf//:protobuf"],
        testonly = testonly,
        visibility = visibility,
    )
