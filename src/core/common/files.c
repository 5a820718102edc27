/* files.c - the content-addressed file store (files.h): the type by the
 * first bytes, the SHA-256 as the name, written whole or not at all, and
 * checked when read back.  Shared by a case's attachments and a help
 * record's. */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "files.h"
#include "common.h"

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
int core_file_store(const char *dir, const struct core_file *f, const void *data, size_t len,
		    struct bf_err *e)
{
	const char *sha = f->sha256;
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

int core_file_read(const char *dir, const struct core_file *at, void **data, size_t *len,
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

int core_file_check(const char *name, const void *data, size_t len, struct core_file *f,
		    struct bf_err *e)
{
	if (!data || !len)
		return err_set(e, EC_MISSING, "file", "文件是空的");
	if (len > CORE_FILE_MAX)
		return err_set(e, EC_INVALID, "file", "文件过大（%zu 字节），上限为 10 MiB", len);
	const char *mime = sniff(data, len);
	if (!mime)
		return err_set(e, EC_INVALID, "file", "只能上传 PDF、JPG 或 PNG 文件");
	if (clean_name(name, f->name, e))
		return -1;
	snprintf(f->mime, sizeof(f->mime), "%s", mime);
	f->size = (int64_t)len;
	if (sha256_hex(data, len, f->sha256))
		return err_set(e, EC_INTERNAL, "file", "无法计算文件校验值");
	snprintf(f->stored_path, sizeof(f->stored_path), "%.2s/%s", f->sha256, f->sha256);
	return 0;
}
