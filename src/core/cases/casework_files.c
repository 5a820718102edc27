/* casework_files.c - the files of a case (applications, minutes, hospital
 * diagnoses, receipts ...): PDF, JPEG or PNG recognised by their first
 * bytes, up to 10 MiB, stored once per content under core.files_dir as
 * <sha256[0:2]>/<sha256> so that the name cannot collide or be guessed from
 * the upload, written to a temporary file and renamed (a file is there
 * whole or not at all), and checked against its SHA-256 when read back. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "casework_impl.h"

static const struct {
	const char *kind;
	unsigned dossier; /* the dossier item it is, 0 none */
} kinds[] = {
    {"application", CASE_DOSSIER_APPLICATION},
    {"application_form", CASE_DOSSIER_APPLICATION_FORM},
    {"assembly_minutes", CASE_DOSSIER_ASSEMBLY_MINUTES},
    {"committee_minutes", CASE_DOSSIER_COMMITTEE_MINUTES},
    {"notice_report", CASE_DOSSIER_NOTICE_REPORT},
    {"registration_form", CASE_DOSSIER_REGISTRATION_FORM},
    {"diagnosis", 0},
    {"accident_certificate", 0},
    {"receipt", 0},
    {"verification", 0},
    {"other", 0},
};

static int kind_index(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].kind, kind))
			return (int)i;
	return -1;
}

/* The type by the first bytes: the name or a browser's word is not
 * trusted. */
static const char *sniff(const unsigned char *p, size_t len)
{
	if (len >= 5 && !memcmp(p, "%PDF-", 5))
		return "application/pdf";
	if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return "image/jpeg";
	if (len >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	return NULL;
}

static int sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32)
		return -1;
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return 0;
}

/* The name as uploaded, without any directory part. */
static int clean_name(const char *name, char out[256], struct bf_err *e)
{
	const char *base = name ? name : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	snprintf(out, 256, "%s", base);
	if (text_field(out, TF_ATTACHMENT_NAME, 0, e))
		return -1;
	if (!out[0] || !strcmp(out, ".") || !strcmp(out, ".."))
		snprintf(out, 256, "附件");
	return 0;
}

/* ------------------------------------------------------------------ */
/* The files on disk                                                  */

static int make_dirs(const char *path)
{
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0750) && errno != EEXIST)
				return -1;
			*p = '/';
		}
	return mkdir(buf, 0750) && errno != EEXIST ? -1 : 0;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Writes the content to <dir>/<sha[0:2]>/<sha> unless it is there already
 * (the same content under the same name). */
static int store_file(const char *dir, const char *sha, const void *data, size_t len,
		      struct bf_err *e)
{
	char sub[1024], final[1100], tmp[1100];
	struct stat st;
	snprintf(sub, sizeof(sub), "%s/%.2s", dir, sha);
	snprintf(final, sizeof(final), "%s/%s", sub, sha);
	if (!stat(final, &st) && st.st_size == (off_t)len)
		return 0;
	if (make_dirs(sub))
		return err_set(e, EC_INTERNAL, "file", "无法创建附件目录：%s", strerror(errno));
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", sub, sha);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return err_set(e, EC_INTERNAL, "file", "无法写入附件：%s", strerror(errno));
	int bad = write_all(fd, data, len) || fsync(fd);
	bad |= close(fd) != 0;
	if (bad || rename(tmp, final)) {
		int err = errno;
		unlink(tmp);
		return err_set(e, EC_INTERNAL, "file", "无法写入附件：%s", strerror(err));
	}
	sync_dir(sub);
	return 0;
}

static int stored_path_ok(const char *p)
{
	if (strlen(p) != 67 || p[2] != '/' || strncmp(p, p + 3, 2) != 0)
		return 0;
	for (int i = 3; i < 67; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return 0;
	return 1;
}

static int read_file(const char *dir, const struct attachment *at, void **data, size_t *len,
		     struct bf_err *e)
{
	char path[1100], sha[65];
	if (!stored_path_ok(at->stored_path))
		return err_set(e, EC_INTERNAL, "file", "附件记录的存放位置无效");
	snprintf(path, sizeof(path), "%s/%s", dir, at->stored_path);
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, EC_INTERNAL, "file", "附件文件缺失：%s", at->name);
	unsigned char *buf = xmalloc((size_t)at->size + 1);
	size_t got = fread(buf, 1, (size_t)at->size + 1, f);
	fclose(f);
	if (got != (size_t)at->size || sha256_hex(buf, got, sha) || strcmp(sha, at->sha256)) {
		free(buf);
		return err_set(e, EC_INTERNAL, "file", "附件“%s”已损坏（内容与校验值不符）",
			       at->name);
	}
	*data = buf;
	*len = got;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Attaching                                                          */

struct attach_ctx {
	const struct actor *a;
	int64_t case_id;
	struct attachment *at;
	unsigned dossier;
	struct aid_case *c;
};

static int scope_fn(struct db *db, void *p, struct bf_err *e)
{
	struct attach_ctx *x = p;
	return case_read_tx(db, x->a, x->case_id, x->c, e);
}

static int attach_fn(struct db *db, void *p, struct bf_err *e)
{
	struct attach_ctx *x = p;
	struct strbuf d = STRBUF_INIT;
	int rc = case_read_tx(db, x->a, x->case_id, x->c, e);
	if (rc)
		return rc;
	x->at->id = 0;
	if ((rc = CORE_QS(store_attachment_insert(db, x->at, e))))
		return rc;
	if (x->dossier && !(x->c->dossier & x->dossier)) {
		x->c->dossier |= x->dossier;
		if ((rc = cw_case_update(db, x->c, e)))
			return rc;
	}
	strbuf_addf(&d,
		    "{\"attachment_id\":%" PRId64
		    ",\"kind\":\"%s\",\"mime\":\"%s\",\"size\":%" PRId64
		    ",\"sha256\":\"%s\",\"name\":\"",
		    x->at->id, x->at->kind, x->at->mime, x->at->size, x->at->sha256);
	core_json_text(&d, x->at->name, 200);
	strbuf_adds(&d, "\"}");
	rc = case_event_tx(db, x->a, x->c, "attach", x->c->state, x->c->state, 0, NULL, d.buf, e);
	if (!rc)
		rc = audit_record(db, x->a, "attach", "case", x->c->id, d.buf, e);
	strbuf_release(&d);
	return rc;
}

/* Checks the upload and fills the row (everything but ids). */
static int check_upload(const char *kind, const char *name, const void *data, size_t len,
			struct attachment *at, unsigned *dossier, struct bf_err *e)
{
	int k = kind_index(kind);
	if (k < 0)
		return err_set(e, kind && *kind ? EC_INVALID : EC_MISSING, "kind",
			       "请选择附件类别（如申请书、党员大会记录、医院诊断证明）");
	if (!data || !len)
		return err_set(e, EC_MISSING, "file", "文件是空的");
	if (len > CASE_ATTACHMENT_MAX)
		return err_set(e, EC_INVALID, "file", "文件过大（%zu 字节），上限为 10 MiB", len);
	const char *mime = sniff(data, len);
	if (!mime)
		return err_set(e, EC_INVALID, "file", "只能上传 PDF、JPG 或 PNG 文件");
	if (clean_name(name, at->name, e))
		return -1;
	snprintf(at->kind, sizeof(at->kind), "%s", kinds[k].kind);
	snprintf(at->mime, sizeof(at->mime), "%s", mime);
	at->size = (int64_t)len;
	if (sha256_hex(data, len, at->sha256))
		return err_set(e, EC_INTERNAL, "file", "无法计算文件校验值");
	snprintf(at->stored_path, sizeof(at->stored_path), "%.2s/%s", at->sha256, at->sha256);
	*dossier = kinds[k].dossier;
	return 0;
}

int case_attach(struct core *c, const struct actor *a, int64_t case_id, const char *kind,
		const char *name, const void *data, size_t len, struct attachment *out,
		struct bf_err *e)
{
	struct attachment *at = xcalloc(1, sizeof(*at));
	struct attach_ctx x = {.a = a, .case_id = case_id, .at = at};
	int rc = core_need_write(a, "上传附件", e);
	if (!rc && (!c->files_dir || !*c->files_dir))
		rc = err_set(e, EC_INTERNAL, "file", "未配置附件存放目录");
	if (!rc)
		rc = check_upload(kind, name, data, len, at, &x.dossier, e);
	if (!rc) {
		x.c = xcalloc(1, sizeof(*x.c));
		at->case_id = case_id;
		at->uploaded_by = a->user_id;
		/* scope first, so nothing is written for a case out of reach */
		rc = db_run_tx(c->db, "case_attach", 0, scope_fn, &x, e);
		if (!rc)
			rc = store_file(c->files_dir, at->sha256, data, len, e);
		if (!rc)
			rc = db_run_tx(c->db, "case_attach", 1, attach_fn, &x, e);
		free(x.c);
	}
	if (!rc && out)
		*out = *at;
	free(at);
	return rc;
}

struct alist_ctx {
	const struct actor *a;
	int64_t case_id, id;
	struct attachment **items;
	size_t *n;
	struct attachment *one;
	struct aid_case *c;
};

static int alist_fn(struct db *db, void *p, struct bf_err *e)
{
	struct alist_ctx *x = p;
	int rc = case_read_tx(db, x->a, x->case_id, x->c, e);
	return rc ? rc : CORE_QS(store_attachment_list(db, x->case_id, x->items, x->n, e));
}

int case_attachment_list(struct core *c, const struct actor *a, int64_t case_id,
			 struct attachment **items, size_t *n, struct bf_err *e)
{
	struct alist_ctx x = {.a = a, .case_id = case_id, .items = items, .n = n};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	x.c = xcalloc(1, sizeof(*x.c));
	int rc = db_run_tx(c->db, "case_attachment_list", 0, alist_fn, &x, e);
	free(x.c);
	return rc;
}

static int aget_fn(struct db *db, void *p, struct bf_err *e)
{
	struct alist_ctx *x = p;
	enum db_qs qs = store_attachment_get(db, x->id, x->one, e);
	if (qs < 0)
		return qs;
	if (qs == DB_NONE)
		return err_set(e, EC_NOT_FOUND, "attachment_id", "附件不存在");
	int rc = case_read_tx(db, x->a, x->one->case_id, x->c, e);
	return rc == -1 ? err_set(e, EC_NOT_FOUND, "attachment_id", "附件不存在") : rc;
}

int case_attachment_read(struct core *c, const struct actor *a, int64_t id, struct attachment *meta,
			 void **data, size_t *len, struct bf_err *e)
{
	struct alist_ctx x = {.a = a, .id = id, .one = meta};
	if (!access_allowed(a, PERM_READ))
		return err_set(e, EC_FORBIDDEN, NULL, NULL);
	if (!c->files_dir || !*c->files_dir)
		return err_set(e, EC_INTERNAL, "file", "未配置附件存放目录");
	x.c = xcalloc(1, sizeof(*x.c));
	int rc = db_run_tx(c->db, "case_attachment_read", 0, aget_fn, &x, e);
	free(x.c);
	return rc ? rc : read_file(c->files_dir, meta, data, len, e);
}
