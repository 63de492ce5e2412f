/* Helpers shared by the subcommands: errors, options, CSV output, files. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "socialcap %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'socialcap %s --help'.\n", cmd);
	return CLI_USAGE;
}

int cli_data_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "socialcap %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_DATA_ERROR;
}

int cli_report_error(const char *cmd, const socialcap_error *err)
{
	fprintf(stderr, "socialcap %s: ", cmd);
	if (err->file[0] != '\0') {
		fprintf(stderr, "%s:", err->file);
		if (err->line > 0)
			fprintf(stderr, "%llu:%llu:", (unsigned long long)err->line,
				(unsigned long long)err->column);
		else if (err->offset > 0)
			fprintf(stderr, " byte %llu:", (unsigned long long)err->offset);
		fputc(' ', stderr);
	}
	fprintf(stderr, "%s\n",
		err->message[0] != '\0' ? err->message : socialcap_strerror(err->status));
	return CLI_DATA_ERROR;
}

int cli_is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int cli_arg_value(const char *cmd, int argc, char **argv, int *i, const char *name,
		  const char **value)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);

	if (strncmp(arg, name, n) != 0)
		return 0;
	if (arg[n] == '=') {
		*value = arg + n + 1;
		return 1;
	}
	if (arg[n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		cli_usage_error(cmd, "option %s needs a value", name);
		return -1;
	}
	*value = argv[++*i];
	return 1;
}

int cli_parse_time(const char *cmd, const char *option, const char *text, int64_t *out)
{
	if (socialcap_time_parse(out, text) != 0)
		return cli_usage_error(cmd, "%s: '%s' is not a date (YYYY-MM-DD) or date-time "
					    "(YYYY-MM-DDTHH:MM:SSZ)", option, text);
	return 0;
}

int cli_parse_duration(const char *cmd, const char *option, const char *text, int64_t *out)
{
	if (socialcap_duration_parse(out, text) != 0)
		return cli_usage_error(cmd, "%s: '%s' is not a duration such as 180d, 26w, "
					    "6m (30-day months) or 1y", option, text);
	return 0;
}

int cli_parse_double(const char *cmd, const char *option, const char *text, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(text, &end);
	if (end == text || *end != '\0' || errno != 0 || !isfinite(*out))
		return cli_usage_error(cmd, "%s: '%s' is not a number", option, text);
	return 0;
}

int cli_parse_uint(const char *cmd, const char *option, const char *text, unsigned long *out)
{
	char *end;

	errno = 0;
	if (text[0] < '0' || text[0] > '9')
		return cli_usage_error(cmd, "%s: '%s' is not a whole number", option, text);
	*out = strtoul(text, &end, 10);
	if (*end != '\0' || errno != 0)
		return cli_usage_error(cmd, "%s: '%s' is not a whole number", option, text);
	return 0;
}

void cli_csv_text(FILE *f, const char *text)
{
	const char *p;

	if (text == NULL)
		return;
	if (strpbrk(text, ",\"\r\n") == NULL) {
		fputs(text, f);
		return;
	}
	fputc('"', f);
	for (p = text; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

void cli_csv_number(FILE *f, double value)
{
	if (isnan(value))
		return;
	if (value == floor(value) && fabs(value) < 1e15)
		fprintf(f, "%.0f", value);
	else
		fprintf(f, "%.17g", value);
}

FILE *cli_create(const char *cmd, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	FILE *f;

	if (fd < 0) {
		cli_data_error(cmd, "%s: cannot create: %s", path, strerror(errno));
		return NULL;
	}
	f = fdopen(fd, "w");
	if (f == NULL) {
		cli_data_error(cmd, "%s: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

int cli_close(const char *cmd, const char *path, FILE *f)
{
	int bad = ferror(f);

	if (fclose(f) != 0 || bad)
		return cli_data_error(cmd, "%s: write failed: %s", path, strerror(errno));
	return CLI_OK;
}

int cli_mkdir(const char *cmd, const char *path)
{
	char buf[4096];
	size_t i, n = strlen(path);

	if (n == 0 || n >= sizeof(buf))
		return cli_usage_error(cmd, "bad directory name '%s'", path);
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return cli_data_error(cmd, "%s: cannot create directory: %s", buf,
					      strerror(errno));
		buf[i] = path[i];
	}
	return CLI_OK;
}

static int is_directory(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int load_store(const char *cmd, const char *path, cli_input *in)
{
	socialcap_journal_report report;
	socialcap_error err;
	int rc;

	socialcap_error_clear(&err);
	rc = socialcap_journal_open(&in->journal, path, NULL, &report, &err);
	if (rc != 0) {
		if (err.file[0] == '\0')
			snprintf(err.file, sizeof(err.file), "%s", path);
		return cli_report_error(cmd, &err);
	}
	if (report.tail_cut)
		fprintf(stderr, "socialcap %s: %s%s: a torn final record (%llu bytes at offset "
				"%llu) was cut off; every record before it is kept\n",
			cmd, path, SOCIALCAP_JOURNAL_SUFFIX, (unsigned long long)report.cut_bytes,
			(unsigned long long)report.cut_offset);
	/* The store owns the network. Computing only reads it; the cast is
	 * needed because a failed computation writes the network's message. */
	in->net = (socialcap_network *)socialcap_journal_network(in->journal);
	return CLI_OK;
}

int cli_input_open(const char *cmd, const char *path, cli_input *in)
{
	char journal[4096];
	socialcap_error err;
	struct stat st;
	int rc;

	in->net = NULL;
	in->journal = NULL;
	socialcap_error_clear(&err);
	if (stat(path, &st) != 0)
		return cli_data_error(cmd, "%s: no such file or folder", path);
	if (is_directory(path)) {
		rc = socialcap_network_new(&in->net, NULL);
		if (rc != 0)
			return cli_data_error(cmd, "%s", socialcap_strerror(rc));
		rc = socialcap_dataset_import(in->net, path, NULL, &err);
	} else if (snprintf(journal, sizeof(journal), "%s%s", path, SOCIALCAP_JOURNAL_SUFFIX) <
			   (int)sizeof(journal) &&
		   stat(journal, &st) == 0) {
		return load_store(cmd, path, in);
	} else {
		rc = socialcap_state_load(&in->net, path, NULL, &err);
	}
	if (rc != 0) {
		cli_input_close(in);
		if (err.file[0] == '\0')
			snprintf(err.file, sizeof(err.file), "%s", path);
		return cli_report_error(cmd, &err);
	}
	return CLI_OK;
}

void cli_input_close(cli_input *in)
{
	if (in->journal != NULL)
		socialcap_journal_free(in->journal);
	else
		socialcap_network_free(in->net);
	in->net = NULL;
	in->journal = NULL;
}
