/* attachments.c - files in and out of a case: uploads as the raw request
 * body (the route table lets this one route take 10 MiB), the list,
 * downloads, and the printed documents rendered as PDF (documents.h).
 * Binary answers go out through reply_bytes (server.c), with a Content-Disposition
 * that carries the UTF-8 name (RFC 6266 / 5987). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cases.h"
#include "documents.h"
#include "internal.h"

/* attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded */
void reply_disposition(struct req *r, const char *name, int inl)
{
	static const char hex[] = "0123456789ABCDEF";
	char ascii[128], enc[760];
	size_t a = 0, k = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || strchr("-._~", *p);
		/* one '_' per character that is not plain ASCII */
		if (a + 1 < sizeof(ascii) && (*p & 0xC0) != 0x80)
			ascii[a++] = plain ? (char)*p : '_';
		if (k + 4 >= sizeof(enc))
			break;
		if (plain) {
			enc[k++] = (char)*p;
		} else {
			enc[k++] = '%';
			enc[k++] = hex[*p >> 4];
			enc[k++] = hex[*p & 15];
		}
	}
	ascii[a] = enc[k] = '\0';
	char value[1000];
	snprintf(value, sizeof(value), "%s; filename=\"%s\"; filename*=UTF-8''%s",
		 inl ? "inline" : "attachment", ascii, enc);
	reply_header(r, "Content-Disposition", value);
}

static json_t *attachment_json(const struct attachment *at)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(at->id));
	json_object_set_new(j, "case_id", json_integer(at->case_id));
	json_object_set_new(j, "kind", jstr(at->kind));
	json_object_set_new(j, "name", jstr(at->name));
	json_object_set_new(j, "mime", jstr(at->mime));
	json_object_set_new(j, "size", json_integer(at->size));
	json_object_set_new(j, "sha256", jstr(at->sha256));
	json_object_set_new(j, "uploaded_by",
			    at->uploaded_by ? json_integer(at->uploaded_by) : json_null());
	json_object_set_new(j, "uploaded_by_name", jstr(at->uploaded_by_name));
	json_object_set_new(j, "uploaded_at", json_time(at->uploaded_at));
	return j;
}

/* The declared type must be one we keep; the core then checks the bytes
 * themselves (a renamed .exe is refused there too). */
int upload_type_ok(const char *ctype)
{
	static const char *const ok[] = {"application/pdf", "image/jpeg", "image/png"};
	if (!ctype)
		return 0;
	size_t n = strcspn(ctype, "; ");
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strlen(ok[i]) == n && !strncasecmp(ctype, ok[i], n))
			return 1;
	return 0;
}

void h_attachments_create(struct req *r)
{
	struct attachment at;
	struct bf_err e;
	char name[256] = "";
	const char *kind = req_arg(r, "kind");
	const char *ctype = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
	const char *fname = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Filename");
	if (!upload_type_ok(ctype)) {
		reply_code(r, EC_INVALID, "file",
			   "只能上传 PDF、JPG 或 PNG 文件（Content-Type 应为 application/pdf、"
			   "image/jpeg 或 image/png）");
		return;
	}
	if (fname && percent_decode(fname, name, sizeof(name))) {
		reply_code(r, EC_INVALID, "name",
			   "文件名（X-Filename）应为百分号编码的 UTF-8，且不超过 255 字节");
		return;
	}
	if (case_attach(&r->core, &r->actor, r->id, kind && *kind ? kind : "other", name,
			r->body.buf, r->body.len, &at, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_json(r, 201, attachment_json(&at));
}

void h_attachments_list(struct req *r)
{
	struct attachment *items = NULL;
	size_t n = 0;
	struct bf_err e;
	if (case_attachment_list(&r->core, &r->actor, r->id, &items, &n, &e)) {
		reply_error(r, &e);
		return;
	}
	REPLY_ITEMS(r, items, n, attachment_json);
}

void h_attachment_get(struct req *r)
{
	struct attachment at;
	void *data = NULL;
	size_t len = 0;
	int inl;
	struct bf_err e;
	if (req_int_arg(r, "inline", 0, 0, 1, &inl))
		return;
	if (case_attachment_read(&r->core, &r->actor, r->id, &at, &data, &len, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_disposition(r, at.name, inl);
	reply_bytes(r, 200, data, len, at.mime);
}

/* ------------------------------------------------------------------ */
/* Printed documents                                                  */

static void reply_document(struct req *r, enum doc_kind kind)
{
	char name[DOC_NAME_MAX];
	void *data = NULL;
	size_t len = 0;
	int reveal = 0;
	struct bf_err e;
	if (req_int_arg(r, "reveal", 0, 0, 1, &reveal)) /* doc_write refuses it but on 附件1/2 */
		return;
	if (doc_render(&r->core, &r->actor, kind, r->id, reveal, &data, &len, name, &e)) {
		reply_error(r, &e);
		return;
	}
	reply_disposition(r, name, 0);
	reply_bytes(r, 200, data, len, "application/pdf");
}

void h_case_application_pdf(struct req *r)
{
	reply_document(r, DOC_APPLICATION);
}

void h_case_registration_pdf(struct req *r)
{
	reply_document(r, DOC_REGISTRATION);
}

void h_notice_pdf(struct req *r)
{
	reply_document(r, DOC_NOTICE);
}

void h_notice_report_pdf(struct req *r)
{
	reply_document(r, DOC_NOTICE_REPORT);
}

void h_case_notice_report_pdf(struct req *r)
{
	reply_document(r, DOC_CASE_NOTICE_REPORT);
}

void h_pay_batch_signoff_pdf(struct req *r)
{
	reply_document(r, DOC_SIGNOFF);
}
