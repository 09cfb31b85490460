#!/bin/sh
echo "coverage is not supported by the offline Bazel set-up" >&2
exit 1
