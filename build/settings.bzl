"""A string-valued command-line build setting, without bazel_skylib (offline)."""

def _string_flag_impl(ctx):
    allowed = ctx.attr.values
    value = ctx.build_setting_value
    if allowed and value not in allowed:
        fail("%s: '%s' is not one of %s" % (ctx.label, value, ", ".join(allowed)))
    return []

string_flag = rule(
    implementation = _string_flag_impl,
    build_setting = config.string(flag = True),
    attrs = {"values": attr.string_list()},
    doc = "A string flag set with --//build:NAME=VALUE; `values` lists the legal ones.",
)
