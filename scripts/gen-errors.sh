#!/bin/sh
# Generates errors.h and errors.c from data/errors.tsv (the error registry).
# usage: gen-errors.sh errors.tsv out.h out.c
set -eu
in=$1 h=$2 c=$3
{
	echo '/* Generated from data/errors.tsv by scripts/gen-errors.sh: do not edit. */'
	echo '#ifndef BANGFU_ERRORS_H'
	echo '#define BANGFU_ERRORS_H'
	echo 'enum ec {'
	grep -v '^#' "$in" | awk -F'\t' 'NF>=4 {printf "\tEC_%s,\n", $1}'
	echo '\tEC__COUNT'
	echo '};'
	echo 'int ec_http_status(enum ec code);'
	echo 'const char *ec_code(enum ec code);'
	echo 'const char *ec_message(enum ec code);'
	echo '#endif'
} >"$h"
{
	echo '/* Generated from data/errors.tsv by scripts/gen-errors.sh: do not edit. */'
	echo '#include "errors.h"'
	echo 'static const struct { int http; const char *code, *message; } table[] = {'
	grep -v '^#' "$in" | awk -F'\t' 'NF>=4 {printf "\t{%s, \"%s\", \"%s\"},\n", $2, $3, $4}'
	echo '};'
	echo 'int ec_http_status(enum ec c) { return c < EC__COUNT ? table[c].http : 500; }'
	echo 'const char *ec_code(enum ec c) { return c < EC__COUNT ? table[c].code : "internal"; }'
	echo 'const char *ec_message(enum ec c) { return c < EC__COUNT ? table[c].message : ""; }'
} >"$c"
