/* fuzz_request.c - the JSON request helpers of src/http/request.c on any
 * body: unknown keys, texts, integers, flags and id lists.  Every error is
 * one a reply can carry; a text taken fits its buffer and is UTF-8. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "http/internal.h"

static const char *const keys[] = {"name", "amount_fen", "flag", "ids", "note", NULL};

static void texts(json_t *j)
{
	static const size_t sizes[] = {1, 4, 16, 64, 512};
	struct bf_err e;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char dst[512] = "";
		if (json_get_str(j, "name", dst, sizes[i], "姓名", &e))
			fuzz_check_err(&e, "json_get_str");
		else
			FUZZ_ASSERT(strlen(dst) < sizes[i] && fuzz_utf8(dst, strlen(dst)),
				    "json_get_str gave %zu bytes for %zu", strlen(dst), sizes[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	struct bf_err e;
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (!j)
		return 0;
	if (!json_is_object(j)) {
		json_decref(j);
		return 0;
	}
	int64_t n = 0, *ids = NULL;
	int flag = 0;
	size_t nids = 0;
	if (json_only_keys(j, keys, &e))
		fuzz_check_err(&e, "json_only_keys");
	texts(j);
	if (json_get_int(j, "amount_fen", &n, "金额", &e))
		fuzz_check_err(&e, "json_get_int");
	if (json_get_flag(j, "flag", &flag, "是否", &e))
		fuzz_check_err(&e, "json_get_flag");
	else
		FUZZ_ASSERT(flag == 0 || flag == 1, "flag %d", flag);
	if (json_get_ids(j, "ids", &ids, &nids, 5, "编号", &e))
		fuzz_check_err(&e, "json_get_ids");
	for (size_t i = 0; i < nids; i++)
		FUZZ_ASSERT(ids[i] > 0, "id %zu not positive", i);
	free(ids);
	json_t *s = json_object_get(j, "note");
	json_decref(jstr(json_string_value(s)));
	json_decref(jdate(json_string_value(s)));
	json_decref(j);
	return 0;
}
