/* pairing_files.c - the files of a help record (帮扶记录附件, issue #12;
 * care.h, docs/internals/care.md): photos and signed sheets, through the
 * content-addressed store a case's attachments use (core/common/files.h).
 * The file belongs to its record's pairing, so its scope is the pairing's
 * member's branch; a file out of scope looks absent. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "care.h"
#include "core/common/common.h"
#include "core/common/files.h"
#include "store.h"
#include "store_care.h"
#include "strbuf.h"

/* The pairing of a help record, in scope (EC_NOT_FOUND otherwise). */
static int record_pairing(struct db *db, const struct actor *a, int64_t record_id,
			  struct pairing *x, struct bf_err *e)
{
	struct help_record *r = xcalloc(1, sizeof(*r));
	enum db_qs qs = store_help_record_get(db, record_id, r, e);
	int64_t pairing_id = r->pairing_id;
	free(r);
	if (qs < 0)
		return qs;
	if (qs == DB_ONE) {
		qs = store_pairing_get(db, pairing_id, x, e);
		if (qs < 0)
			return qs;
	}
	if (qs == DB_NONE || !access_in_scope(a, x->org_path))
		return err_set(e, EC_NOT_FOUND, "id", "帮扶记录不存在");
	return 0;
}

struct attach_ctx {
	const struct actor *a;
	int64_t record_id;
	struct help_attachment *at;
	struct pairing *x;
};

static int scope_fn(struct db *db, void *p, struct bf_err *e)
{
	struct attach_ctx *cx = p;
	return record_pairing(db, cx->a, cx->record_id, cx->x, e);
}

static int attach_fn(struct db *db, void *p, struct bf_err *e)
{
	struct attach_ctx *cx = p;
	struct strbuf d = STRBUF_INIT;
	int rc = record_pairing(db, cx->a, cx->record_id, cx->x, e);
	if (rc)
		return rc;
	cx->at->id = 0;
	if ((rc = CORE_QS(store_help_attachment_insert(db, cx->at, e))))
		return rc;
	strbuf_addf(&d,
		    "{\"member_id\":%" PRId64 ",\"org_id\":%" PRId64 ",\"record_id\":%" PRId64
		    ",\"attachment_id\":%" PRId64 ",\"mime\":\"%s\",\"size\":%" PRId64
		    ",\"sha256\":\"%s\",\"name\":\"",
		    cx->x->member_id, cx->x->org_id, cx->record_id, cx->at->id, cx->at->mime,
		    cx->at->size, cx->at->sha256);
	core_json_text(&d, cx->at->name, 200);
	strbuf_adds(&d, "\"}");
	rc = audit_record(db, cx->a, "help_record_attach", "pairing", cx->x->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

int pairing_record_see(struct core *c, const struct actor *a, int64_t record_id, struct bf_err *e)
{
	struct attach_ctx cx = {.a = a, .record_id = record_id};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	cx.x = xcalloc(1, sizeof(*cx.x));
	int rc = db_run_tx(c->db, "help_record_see", 0, scope_fn, &cx, e);
	free(cx.x);
	return rc;
}

int pairing_record_attach(struct core *c, const struct actor *a, int64_t record_id,
			  const char *name, const void *data, size_t len,
			  struct help_attachment *out, struct bf_err *e)
{
	struct help_attachment *at = xcalloc(1, sizeof(*at));
	struct core_file f;
	struct attach_ctx cx = {.a = a, .record_id = record_id, .at = at};
	int rc = core_need_write(a, "上传帮扶记录附件", e);
	if (!rc && (!c->files_dir || !*c->files_dir))
		rc = err_set(e, EC_INTERNAL, "file", "未配置附件存放目录");
	cx.x = xcalloc(1, sizeof(*cx.x));
	/* scope first, so nothing is written for a record out of reach */
	if (!rc)
		rc = db_run_tx(c->db, "help_record_attach", 0, scope_fn, &cx, e);
	if (!rc)
		rc = core_file_check(name, data, len, &f, e);
	if (!rc)
		rc = core_file_store(c->files_dir, &f, data, len, e);
	if (!rc) {
		at->help_record_id = record_id;
		at->pairing_id = cx.x->id;
		CORE_FILE_COPY(at, &f);
		at->uploaded_by = a->user_id;
		rc = db_run_tx(c->db, "help_record_attach", 1, attach_fn, &cx, e);
	}
	if (!rc && out)
		*out = *at;
	free(cx.x);
	free(at);
	return rc;
}

struct list_ctx {
	const struct actor *a;
	int64_t id;
	struct help_attachment **items, *one;
	size_t *n;
	struct pairing *x;
};

static int list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *l = p;
	enum db_qs qs = store_pairing_get(db, l->id, l->x, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(l->a, l->x->org_path))
		return err_set(e, EC_NOT_FOUND, "id", "结对帮扶不存在");
	return CORE_QS(store_help_attachments_of_pairing(db, l->id, l->items, l->n, e));
}

int pairing_attachments(struct core *c, const struct actor *a, int64_t pairing_id,
			struct help_attachment **items, size_t *n, struct bf_err *e)
{
	struct list_ctx l = {.a = a, .id = pairing_id, .items = items, .n = n};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	l.x = xcalloc(1, sizeof(*l.x));
	int rc = db_run_tx(c->db, "pairing_attachments", 0, list_fn, &l, e);
	free(l.x);
	return rc;
}

static int get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct list_ctx *l = p;
	enum db_qs qs = store_help_attachment_get(db, l->id, l->one, e);
	if (qs < 0)
		return qs;
	if (qs == DB_ONE) {
		qs = store_pairing_get(db, l->one->pairing_id, l->x, e);
		if (qs < 0)
			return qs;
	}
	if (qs == DB_NONE || !access_in_scope(l->a, l->x->org_path))
		return err_set(e, EC_NOT_FOUND, "attachment_id", "附件不存在");
	return 0;
}

int pairing_attachment_read(struct core *c, const struct actor *a, int64_t id,
			    struct help_attachment *meta, void **data, size_t *len,
			    struct bf_err *e)
{
	struct list_ctx l = {.a = a, .id = id, .one = meta};
	struct core_file f;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (!c->files_dir || !*c->files_dir)
		return err_set(e, EC_INTERNAL, "file", "未配置附件存放目录");
	l.x = xcalloc(1, sizeof(*l.x));
	int rc = db_run_tx(c->db, "help_attachment_read", 0, get_fn, &l, e);
	free(l.x);
	if (rc)
		return rc;
	CORE_FILE_COPY(&f, meta);
	return core_file_read(c->files_dir, &f, data, len, e);
}
