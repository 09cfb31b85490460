#!/bin/sh
echo 'error: the declared fake just ran' >&2
exit 1
