/* visit_files.c - the files of a visit (走访慰问的照片和材料, issue #12;
 * care.h, docs/internals/care.md): photos and signed sheets, through the
 * content-addressed store a case's attachments use (core/common/files.h).
 * A file belongs to its visit, so its scope is the visit's member's branch;
 * a file out of scope looks absent. */
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
#include "wrapper.h"

/* The visit id in the actor's scope, into v (EC_NOT_FOUND otherwise). */
static int visit_in_scope(struct db *db, const struct actor *a, int64_t id, struct visit *v,
			  struct bf_err *e)
{
	char path[256];
	enum db_qs qs = store_visit_get(db, id, v, path, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || !access_in_scope(a, path))
		return err_set(e, EC_NOT_FOUND, "visit_id", "走访记录不存在");
	return 0;
}

struct file_ctx {
	const struct actor *a;
	int64_t id;
	struct visit *v;
	struct visit_attachment *at;
	struct visit_attachment **items;
	size_t *n;
};

static int scope_fn(struct db *db, void *p, struct bf_err *e)
{
	struct file_ctx *x = p;
	return visit_in_scope(db, x->a, x->id, x->v, e);
}

static int attach_fn(struct db *db, void *p, struct bf_err *e)
{
	struct file_ctx *x = p;
	struct strbuf d = STRBUF_INIT;
	int rc = visit_in_scope(db, x->a, x->id, x->v, e);
	if (rc || (rc = CORE_QS(store_visit_attachment_insert(db, x->at, e))))
		return rc;
	strbuf_addf(&d,
		    "{\"member_id\":%" PRId64 ",\"org_id\":%" PRId64 ",\"attachment_id\":%" PRId64
		    ",\"mime\":\"%s\",\"size\":%" PRId64 ",\"sha256\":\"%s\",\"name\":\"",
		    x->v->member_id, x->v->org_id, x->at->id, x->at->mime, x->at->size,
		    x->at->sha256);
	core_json_text(&d, x->at->name, 200);
	strbuf_adds(&d, "\"}");
	rc = audit_record(db, x->a, "visit_attach", "visit", x->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

int visit_attach(struct core *c, const struct actor *a, int64_t visit_id, const char *name,
		 const void *data, size_t len, struct visit_attachment *out, struct bf_err *e)
{
	struct visit_attachment *at = xcalloc(1, sizeof(*at));
	struct file_ctx x = {.a = a, .id = visit_id, .at = at};
	struct core_file f;
	int rc = core_need_write(a, "上传走访附件", e);
	if (!rc && (!c->files_dir || !*c->files_dir))
		rc = err_set(e, EC_INTERNAL, "file", "未配置附件存放目录");
	x.v = xcalloc(1, sizeof(*x.v));
	/* scope first, so nothing is written for a visit out of reach */
	if (!rc)
		rc = db_run_tx(c->db, "visit_attach", 0, scope_fn, &x, e);
	if (!rc)
		rc = core_file_check(name, data, len, &f, e);
	if (!rc)
		rc = core_file_store(c->files_dir, &f, data, len, e);
	if (!rc) {
		at->visit_id = visit_id;
		CORE_FILE_COPY(at, &f);
		at->uploaded_by = a->user_id;
		rc = db_run_tx(c->db, "visit_attach", 1, attach_fn, &x, e);
	}
	if (!rc && out)
		*out = *at;
	free(x.v);
	free(at);
	return rc;
}

static int list_fn(struct db *db, void *p, struct bf_err *e)
{
	struct file_ctx *x = p;
	int rc = visit_in_scope(db, x->a, x->id, x->v, e);
	return rc ? rc : CORE_QS(store_visit_attachments(db, x->id, x->items, x->n, e));
}

int visit_attachments(struct core *c, const struct actor *a, int64_t visit_id,
		      struct visit_attachment **items, size_t *n, struct bf_err *e)
{
	struct file_ctx x = {.a = a, .id = visit_id, .items = items, .n = n};
	*items = NULL;
	*n = 0;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	x.v = xcalloc(1, sizeof(*x.v));
	int rc = db_run_tx(c->db, "visit_attachments", 0, list_fn, &x, e);
	free(x.v);
	return rc;
}

static int get_fn(struct db *db, void *p, struct bf_err *e)
{
	struct file_ctx *x = p;
	enum db_qs qs = store_visit_attachment_get(db, x->id, x->at, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE || visit_in_scope(db, x->a, x->at->visit_id, x->v, e))
		return err_set(e, EC_NOT_FOUND, "attachment_id", "附件不存在");
	return 0;
}

int visit_attachment_read(struct core *c, const struct actor *a, int64_t id,
			  struct visit_attachment *meta, void **data, size_t *len, struct bf_err *e)
{
	struct file_ctx x = {.a = a, .id = id, .at = meta};
	struct core_file f;
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (!c->files_dir || !*c->files_dir)
		return err_set(e, EC_INTERNAL, "file", "未配置附件存放目录");
	x.v = xcalloc(1, sizeof(*x.v));
	int rc = db_run_tx(c->db, "visit_attachment_read", 0, get_fn, &x, e);
	free(x.v);
	if (rc)
		return rc;
	CORE_FILE_COPY(&f, meta);
	return core_file_read(c->files_dir, &f, data, len, e);
}
