/*
 * auth_jwt_svid.c - the JWT-SVID authenticator: the auth bytes are a
 * SPIFFE JWT-SVID, which the service verifies with the SPIFFE Workload
 * API. The token comes from the configuration or the environment
 * (PARSEC_JWT_SVID_TOKEN, PARSEC_JWT_SVID_FILE); a file is read again for
 * every request because its token rotates.
 *
 * The token is a bearer credential: it is never logged, and every copy is
 * wiped before it is freed.
 */
#include "auth.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jwt.h"
#include "secmem.h"

#define JWT_ENV_TOKEN "PARSEC_JWT_SVID_TOKEN"
#define JWT_ENV_FILE "PARSEC_JWT_SVID_FILE"
/* The wire's auth length is 16 bits; some room for trailing blanks. */
#define JWT_TOKEN_MAX 65535u
#define JWT_FILE_MAX (JWT_TOKEN_MAX + 4096u)

typedef struct auth_jwt {
	auth_t base;
	char *token; /* NULL when the token is read from file */
	char *file;
	char *identity;
} auth_jwt_t;

/* Trailing whitespace (a newline from `echo > file`) is not the token's. */
static size_t token_length(const char *s, size_t len)
{
	while (len > 0 && strchr(" \t\r\n", s[len - 1]))
		len--;
	return len;
}

static parsec_status_t check_token(const char *s, size_t len)
{
	if (len == 0 || len > JWT_TOKEN_MAX || memchr(s, 0, len)) {
		parsec_log(PARSEC_LOG_ERROR,
			   "jwt-svid: token is empty, too long or binary");
		return PARSEC_E_AUTH;
	}
	return PARSEC_SUCCESS;
}

/* Only a regular file: a FIFO or a device could block open() or read()
 * for ever (O_NONBLOCK keeps open() itself from waiting for a writer). */
static parsec_status_t read_file(const char *path, char *buf, size_t *len)
{
	struct stat st;
	ssize_t n = 0;
	int fd;

	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		parsec_log(PARSEC_LOG_ERROR, "jwt-svid: open %s: %m", path);
		return PARSEC_E_AUTH;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		parsec_log(PARSEC_LOG_ERROR,
			   "jwt-svid: %s is not a regular file", path);
		close(fd);
		return PARSEC_E_AUTH;
	}
	while (*len < JWT_FILE_MAX) {
		n = read(fd, buf + *len, JWT_FILE_MAX - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		*len += (size_t)n;
	}
	close(fd);
	if (n < 0 || *len == JWT_FILE_MAX) {
		parsec_log(PARSEC_LOG_ERROR, "jwt-svid: cannot read %s%s", path,
			   n < 0 ? "" : ": too large");
		return PARSEC_E_AUTH;
	}
	return PARSEC_SUCCESS;
}

/* The current token, NUL-terminated; *len counts the NUL. Free with
 * secmem_free(*out, *len). */
static parsec_status_t current_token(const auth_jwt_t *j, char **out,
				     size_t *len)
{
	parsec_status_t rc;
	size_t n = 0;
	char *buf;

	*out = NULL;
	if (j->token)
		return auth_bytes_copy(j->token, strlen(j->token) + 1,
				       (uint8_t **)out, len);
	buf = malloc(JWT_FILE_MAX);
	if (!buf)
		return PARSEC_E_NOMEM;
	rc = read_file(j->file, buf, &n);
	if (rc == PARSEC_SUCCESS) {
		n = token_length(buf, n);
		rc = check_token(buf, n);
	}
	if (rc == PARSEC_SUCCESS) {
		buf[n] = 0; /* n <= JWT_TOKEN_MAX < JWT_FILE_MAX */
		rc = auth_bytes_copy(buf, n + 1, (uint8_t **)out, len);
	}
	secmem_free(buf, JWT_FILE_MAX);
	return rc;
}

static parsec_status_t jwt_bytes(const auth_t *a, uint8_t **out, size_t *len)
{
	parsec_status_t rc;
	size_t size;
	char *tok;

	rc = current_token((const auth_jwt_t *)a, &tok, &size);
	if (rc != PARSEC_SUCCESS)
		return rc;
	/* the token without its NUL; auth_bytes_free() wipes those bytes */
	*out = (uint8_t *)tok;
	*len = size - 1;
	return PARSEC_SUCCESS;
}

static const char *jwt_identity(const auth_t *a)
{
	return ((const auth_jwt_t *)a)->identity;
}

static void jwt_free(auth_t *a)
{
	auth_jwt_t *j = (auth_jwt_t *)a;

	secmem_free_string(j->token);
	free(j->file);
	free(j->identity);
	free(j);
}

static const auth_ops_t jwt_ops = {
	.type = PARSEC_AUTH_JWT_SVID,
	.name = "jwt-svid",
	.bytes = jwt_bytes,
	.identity = jwt_identity,
	.free = jwt_free,
};

/* Token or file, in the order the configuration documents. */
static parsec_status_t pick_source(const auth_config_t *cfg, auth_jwt_t *j)
{
	const char *token = cfg->jwt_svid_token, *file = cfg->jwt_svid_file;
	size_t len;

	if (!token && !file) {
		token = secure_getenv(JWT_ENV_TOKEN);
		file = token && *token ? NULL : secure_getenv(JWT_ENV_FILE);
	}
	if (token && *token) {
		len = token_length(token, strlen(token));
		if (check_token(token, len) != PARSEC_SUCCESS)
			return PARSEC_E_AUTH;
		j->token = strndup(token, len);
		return j->token ? PARSEC_SUCCESS : PARSEC_E_NOMEM;
	}
	if (file && *file) {
		j->file = strdup(file);
		return j->file ? PARSEC_SUCCESS : PARSEC_E_NOMEM;
	}
	parsec_log(PARSEC_LOG_INFO, "jwt-svid: no token (set %s or %s)",
		   JWT_ENV_TOKEN, JWT_ENV_FILE);
	return PARSEC_E_AUTH;
}

/* The identity is the token's subject, the SPIFFE ID, read once: a
 * rotated token names the same workload. */
static parsec_status_t set_identity(auth_jwt_t *j)
{
	char *tok = NULL, *sub = NULL;
	parsec_status_t rc;
	size_t size = 0;
	int n;

	rc = current_token(j, &tok, &size);
	if (rc != PARSEC_SUCCESS)
		return rc;
	rc = jwt_subject(tok, &sub);
	secmem_free(tok, size);
	if (rc != PARSEC_SUCCESS) {
		parsec_log(PARSEC_LOG_ERROR,
			   "jwt-svid: token has no readable \"sub\" claim");
		return rc == PARSEC_E_NOMEM ? rc : PARSEC_E_AUTH;
	}
	n = asprintf(&j->identity, "spiffe:%s", sub);
	free(sub);
	if (n < 0) {
		j->identity = NULL;
		return PARSEC_E_NOMEM;
	}
	return PARSEC_SUCCESS;
}

parsec_status_t auth_jwt_svid_new(const auth_config_t *cfg, auth_t **out)
{
	parsec_status_t rc;
	auth_jwt_t *j;

	*out = NULL;
	j = calloc(1, sizeof(*j));
	if (!j)
		return PARSEC_E_NOMEM;
	j->base.ops = &jwt_ops;
	rc = pick_source(cfg, j);
	if (rc == PARSEC_SUCCESS)
		rc = set_identity(j);
	if (rc != PARSEC_SUCCESS) {
		jwt_free(&j->base);
		return rc;
	}
	*out = &j->base;
	return PARSEC_SUCCESS;
}
