/* csv.c - streaming RFC 4180 reader and a field writer for the spreadsheets
 * branch workers exchange: UTF-8 with or without BOM, or GBK/GB18030 as Excel
 * saves CSV on Chinese Windows (converted to UTF-8 with iconv as it streams).
 * Memory is flat in the file size: one fixed read buffer, one decode buffer
 * and the current record (capped at RECORD_MAX). */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "csv.h"
#include "wrapper.h"

#define RAW_SIZE   (64 * 1024)
#define DEC_SIZE   (2 * RAW_SIZE) /* GB18030 → UTF-8 grows at most 3/2 */
#define RECORD_MAX (1024 * 1024)  /* a longer record is a runaway quote */
#define FIELD	   "file"

enum enc { ENC_UNDECIDED, ENC_UTF8, ENC_GB18030 };
enum state { S_START, S_UNQUOTED, S_QUOTED, S_QUOTE_END };
/* Why fill() failed: an invalid byte sequence, or a cut-off one at EOF. */
enum bad { BAD_NONE, BAD_BYTES, BAD_IO };

struct csv_reader {
	int fd;
	long long size;
	long long read_total; /* bytes read from the file so far */
	int eof;
	enum enc enc;
	iconv_t cd;
	enum bad bad;

	unsigned char raw[RAW_SIZE];
	size_t raw_len, raw_pos; /* raw[raw_pos..raw_len) not yet decoded */

	char *dec; /* GB18030 only: converted text */
	const char *chunk;
	size_t chunk_len, chunk_pos; /* text handed to the parser */
	int at_start;		     /* nothing parsed yet: strip a BOM */

	/* Parser: the current record's fields, NUL-separated in rec. */
	enum state state;
	struct strbuf rec;
	size_t field_start;
	size_t *offs;
	size_t noffs, aoffs;
	char **fields;
	size_t afields;
	int in_record, prev_cr, failed;
	long line;     /* physical line of the byte being read */
	long rec_line; /* line where the current record started */
};

/* ---- reading and decoding ----------------------------------------------- */

/* Moves the undecoded rest to the front and reads as much as fits. */
static int read_more(struct csv_reader *r)
{
	size_t rest = r->raw_len - r->raw_pos;
	memmove(r->raw, r->raw + r->raw_pos, rest);
	r->raw_pos = 0;
	r->raw_len = rest;
	while (!r->eof && r->raw_len < RAW_SIZE) {
		ssize_t n = read(r->fd, r->raw + r->raw_len, RAW_SIZE - r->raw_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			r->eof = 1;
		r->raw_len += (size_t)n;
		r->read_total += n;
	}
	return 0;
}

/* Length of the UTF-8 sequence led by c, 0 for a byte that cannot lead. */
static int utf8_seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

/* Second-byte limits that rule out overlong forms, surrogates and code
 * points past U+10FFFF. */
static int utf8_second_ok(unsigned char lead, unsigned char c)
{
	if (lead == 0xE0)
		return c >= 0xA0 && c <= 0xBF;
	if (lead == 0xED)
		return c >= 0x80 && c <= 0x9F;
	if (lead == 0xF0)
		return c >= 0x90 && c <= 0xBF;
	if (lead == 0xF4)
		return c >= 0x80 && c <= 0x8F;
	return (c & 0xC0) == 0x80;
}

/* Length of the valid UTF-8 prefix of p[0..n).  *cut is set when what
 * follows is a sequence that is valid so far but ends with the buffer. */
static size_t utf8_valid_prefix(const unsigned char *p, size_t n, int *cut)
{
	size_t i = 0;
	*cut = 0;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		int len = utf8_seq_len(p[i]);
		if (!len)
			return i;
		for (int k = 1; k < len; k++) {
			if (i + (size_t)k == n) {
				*cut = 1;
				return i;
			}
			unsigned char c = p[i + (size_t)k];
			if (k == 1 ? !utf8_second_ok(p[i], c) : (c & 0xC0) != 0x80)
				return i;
		}
		i += (size_t)len;
	}
	return i;
}

static int switch_to_gb18030(struct csv_reader *r)
{
	r->cd = iconv_open("UTF-8", "GB18030");
	r->dec = malloc(DEC_SIZE);
	if (r->cd == (iconv_t)-1 || !r->dec)
		return -1;
	r->enc = ENC_GB18030;
	return 0;
}

/* Decides the encoding from the undecoded bytes when they say anything:
 * a BOM or a complete non-ASCII UTF-8 character means UTF-8, an invalid
 * sequence means GB18030.  Pure ASCII reads the same in both, so the
 * decision waits for the first non-ASCII byte (normally in the first 64 KiB,
 * the header row of a Chinese spreadsheet). */
static int detect(struct csv_reader *r)
{
	const unsigned char *p = r->raw + r->raw_pos;
	size_t n = r->raw_len - r->raw_pos, ascii = 0;
	int cut;
	if (r->at_start && n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		r->enc = ENC_UTF8;
		return 0;
	}
	while (ascii < n && p[ascii] < 0x80)
		ascii++;
	if (ascii == n)
		return 0;
	size_t valid = utf8_valid_prefix(p, n, &cut);
	if (valid == n || (cut && !r->eof && valid > ascii)) {
		r->enc = ENC_UTF8;
		return 0;
	}
	if (cut && !r->eof && valid == ascii)
		return 0; /* only a cut-off character so far: wait for the rest */
	return switch_to_gb18030(r);
}

static void set_chunk(struct csv_reader *r, const char *p, size_t n)
{
	r->chunk = p;
	r->chunk_len = n;
	r->chunk_pos = 0;
}

/* UTF-8 (or still undecided ASCII): the parser reads the raw buffer itself,
 * up to the first invalid byte or the start of a character cut by the buffer
 * end.  Returns 1, 0 when more input is needed, -1 on bad bytes. */
static int chunk_utf8(struct csv_reader *r)
{
	const unsigned char *p = r->raw + r->raw_pos;
	size_t n = r->raw_len - r->raw_pos;
	int cut;
	size_t valid = utf8_valid_prefix(p, n, &cut);
	if (valid == 0 && n > 0 && (!cut || r->eof)) {
		r->bad = BAD_BYTES;
		return -1;
	}
	if (valid == 0)
		return 0;
	set_chunk(r, (const char *)p, valid);
	r->raw_pos += valid;
	return 1;
}

/* GB18030: converts as much as fits into dec.  A character cut by the end
 * of raw (EINVAL) stays in raw until the next read completes it. */
static int chunk_gb(struct csv_reader *r)
{
	char *in = (char *)r->raw + r->raw_pos, *out = r->dec;
	size_t inleft = r->raw_len - r->raw_pos, outleft = DEC_SIZE;
	size_t rc = iconv(r->cd, &in, &inleft, &out, &outleft);
	int err = rc == (size_t)-1 ? errno : 0;
	size_t produced = DEC_SIZE - outleft;
	r->raw_pos = r->raw_len - inleft;
	if (produced > 0) {
		set_chunk(r, r->dec, produced);
		return 1;
	}
	if (err == EILSEQ || (err == EINVAL && r->eof) || (err && err != EINVAL && err != E2BIG)) {
		r->bad = BAD_BYTES;
		return -1;
	}
	return 0;
}

/* Makes r->chunk hold unparsed text: 1, 0 at end of file, -1 on error. */
static int fill(struct csv_reader *r)
{
	for (;;) {
		int rc = 0;
		if (r->raw_pos < r->raw_len) {
			if (r->enc == ENC_UNDECIDED && detect(r) < 0) {
				r->bad = BAD_IO;
				return -1;
			}
			rc = r->enc == ENC_GB18030 ? chunk_gb(r) : chunk_utf8(r);
			if (rc != 0)
				return rc;
		}
		if (r->eof)
			return r->raw_pos < r->raw_len ? (r->bad = BAD_BYTES, -1) : 0;
		if (read_more(r) < 0) {
			r->bad = BAD_IO;
			return -1;
		}
	}
}

/* ---- opening ---------------------------------------------------------------- */

struct csv_reader *csv_open(const char *path, struct bf_err *e)
{
	struct stat st;
	struct csv_reader *r = xcalloc(1, sizeof(*r));
	r->cd = (iconv_t)-1;
	r->line = 1;
	r->at_start = 1;
	strbuf_init(&r->rec);
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		err_set(e, EC_INVALID, FIELD, "无法打开文件 %s：%s", path, strerror(errno));
		goto fail;
	}
	if (fstat(r->fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		err_set(e, EC_INVALID, FIELD, "%s 不是可读取的文件", path);
		goto fail;
	}
	r->size = (long long)st.st_size;
	if (read_more(r) < 0 || detect(r) < 0) {
		err_set(e, EC_INTERNAL, FIELD, "读取文件 %s 失败：%s", path, strerror(errno));
		goto fail;
	}
	return r;
fail:
	csv_close(r);
	return NULL;
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->dec);
	free(r->offs);
	free(r->fields);
	strbuf_release(&r->rec);
	free(r);
}

long csv_line(const struct csv_reader *r)
{
	return r->rec_line;
}

long long csv_offset(const struct csv_reader *r)
{
	long long pending = (long long)(r->raw_len - r->raw_pos);
	if (r->enc != ENC_GB18030)
		pending += (long long)(r->chunk_len - r->chunk_pos);
	return r->read_total - pending;
}

long long csv_size(const struct csv_reader *r)
{
	return r->size;
}

const char *csv_encoding(const struct csv_reader *r)
{
	return r->enc == ENC_GB18030 ? "GB18030" : "UTF-8";
}

/* ---- parsing ----------------------------------------------------------------- */

static void end_field(struct csv_reader *r)
{
	if (r->noffs == r->aoffs) {
		r->aoffs = r->aoffs ? 2 * r->aoffs : 32;
		r->offs = xreallocarray(r->offs, r->aoffs, sizeof(*r->offs));
	}
	r->offs[r->noffs++] = r->field_start;
	strbuf_addch(&r->rec, '\0');
	r->field_start = r->rec.len;
	r->state = S_START;
}

static void reset_record(struct csv_reader *r)
{
	strbuf_reset(&r->rec);
	r->noffs = 0;
	r->field_start = 0;
	r->in_record = 0;
	r->state = S_START;
}

/* Ends the record; 1 when it is one to hand out, 0 for a blank line. */
static int end_record(struct csv_reader *r)
{
	end_field(r);
	if (r->noffs == 1 && r->rec.buf[0] == '\0') {
		reset_record(r);
		return 0;
	}
	return 1;
}

/* Bytes from p that need no special handling in the current state. */
static size_t plain_run(const char *p, size_t n, int quoted)
{
	size_t i = 0;
	if (quoted)
		while (i < n && p[i] != '"' && p[i] != '\r' && p[i] != '\n')
			i++;
	else
		while (i < n && p[i] != ',' && p[i] != '\r' && p[i] != '\n')
			i++;
	return i;
}

/* How many bytes from p can be copied into the field as they are. */
static size_t run_length(const struct csv_reader *r, const char *p, size_t n)
{
	switch (r->state) {
	case S_START:
		return *p == '"' ? 0 : plain_run(p, n, 0);
	case S_UNQUOTED:
		return plain_run(p, n, 0);
	case S_QUOTED:
		return plain_run(p, n, 1);
	default:
		return 0;
	}
}

/* Handles one special byte (or the first of a run); returns 1 when a
 * record is complete. */
static int step(struct csv_reader *r, char c)
{
	int newline = c == '\r' || c == '\n';
	switch (r->state) {
	case S_START:
		if (c == '"') {
			r->state = S_QUOTED;
			return 0;
		}
		/* fall through */
	case S_UNQUOTED:
		if (c == ',')
			end_field(r);
		else if (newline)
			return end_record(r);
		else {
			strbuf_addch(&r->rec, c);
			r->state = S_UNQUOTED;
		}
		return 0;
	case S_QUOTED:
		if (c == '"')
			r->state = S_QUOTE_END;
		else
			strbuf_addch(&r->rec, c);
		return 0;
	case S_QUOTE_END:
		if (c == '"') {
			strbuf_addch(&r->rec, '"');
			r->state = S_QUOTED;
		} else if (c == ',') {
			end_field(r);
		} else if (newline) {
			return end_record(r);
		} else {
			/* Text after a closing quote: kept, as spreadsheets do. */
			strbuf_addch(&r->rec, c);
			r->state = S_UNQUOTED;
		}
		return 0;
	}
	return 0;
}

/* Parses the current chunk; 1 when a record is complete. */
static int parse_chunk(struct csv_reader *r)
{
	const char *p = r->chunk;
	size_t n = r->chunk_len;
	if (r->at_start && n - r->chunk_pos >= 3 &&
	    memcmp(p + r->chunk_pos, "\xEF\xBB\xBF", 3) == 0)
		r->chunk_pos += 3;
	r->at_start = 0;
	while (r->chunk_pos < n) {
		char c = p[r->chunk_pos];
		/* A CR not followed by LF ended a line by itself (old Mac). */
		if (r->prev_cr && c != '\n')
			r->line++;
		r->prev_cr = c == '\r';
		if (!r->in_record) {
			r->in_record = 1;
			r->rec_line = r->line;
		}
		size_t run = run_length(r, p + r->chunk_pos, n - r->chunk_pos);
		if (run > 0) {
			strbuf_add(&r->rec, p + r->chunk_pos, run);
			r->chunk_pos += run;
			if (r->state == S_START)
				r->state = S_UNQUOTED;
			continue;
		}
		r->chunk_pos++;
		if (c == '\n')
			r->line++;
		if (step(r, c))
			return 1;
	}
	return 0;
}

static int fail(struct csv_reader *r, long line, struct bf_err *e, const char *what)
{
	r->failed = 1;
	return err_set(e, EC_INVALID, FIELD, "第 %ld 行：%s", line, what);
}

int csv_next(struct csv_reader *r, char ***fields, size_t *nfields, struct bf_err *e)
{
	if (r->failed)
		return err_set(e, EC_INVALID, FIELD, "第 %ld 行：文件已无法继续读取", r->rec_line);
	reset_record(r);
	for (;;) {
		if (r->chunk_pos == r->chunk_len) {
			int rc = fill(r);
			if (rc < 0 && r->bad == BAD_IO)
				return fail(r, r->line, e, "读取文件失败");
			if (rc < 0)
				return fail(r, r->line, e,
					    "文件编码无法识别（既不是 UTF-8，也不是 GBK/GB18030）");
			if (rc == 0)
				break;
		}
		if (parse_chunk(r))
			goto done;
		if (r->rec.len > RECORD_MAX)
			return fail(r, r->rec_line, e, "一条记录超过 1 MiB，请检查引号是否成对");
	}
	/* End of file. */
	if (r->state == S_QUOTED)
		return fail(r, r->rec_line, e, "引号未闭合");
	if (!r->in_record || !end_record(r))
		return 0;
done:
	if (r->afields < r->noffs) {
		r->afields = r->aoffs;
		r->fields = xreallocarray(r->fields, r->afields, sizeof(*r->fields));
	}
	for (size_t i = 0; i < r->noffs; i++)
		r->fields[i] = r->rec.buf + r->offs[i];
	*fields = r->fields;
	*nfields = r->noffs;
	return 1;
}

/* ---- writing ------------------------------------------------------------------- */

/* A plain decimal number ("-12.50", "+8613800138000") cannot be a formula
 * and must stay a number for the spreadsheet's sums. */
static int is_number(const char *s)
{
	const char *p = s + (*s == '-' || *s == '+');
	size_t int_digits = strspn(p, "0123456789");
	if (!int_digits)
		return 0;
	p += int_digits;
	if (*p == '.') {
		size_t frac = strspn(p + 1, "0123456789");
		if (!frac)
			return 0;
		p += 1 + frac;
	}
	return *p == '\0';
}

/* Formula injection: Excel and WPS run a cell starting with = + - @ (or a
 * tab/CR that they skip) as a formula; a leading ' makes it text. */
static int needs_formula_guard(const char *s)
{
	return (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
		s[0] == '\r') &&
	       !is_number(s);
}

static int needs_quotes(const char *s, size_t n)
{
	if (n && (s[0] == ' ' || s[n - 1] == ' '))
		return 1;
	return strpbrk(s, ",\"\r\n") != NULL;
}

void csv_add_field(struct strbuf *line, const char *field, int first)
{
	const char *s = field ? field : "";
	int guard = needs_formula_guard(s);
	if (!first)
		strbuf_addch(line, ',');
	if (!needs_quotes(s, strlen(s))) {
		if (guard)
			strbuf_addch(line, '\'');
		strbuf_adds(line, s);
		return;
	}
	strbuf_addch(line, '"');
	if (guard)
		strbuf_addch(line, '\'');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(line, '"');
		strbuf_addch(line, *s);
	}
	strbuf_addch(line, '"');
}
