/* jwt.c - the subject of a JWT-SVID (SPIFFE JWT-SVID section 3: "sub" is
 * the SPIFFE ID). The token is a credential: never logged here. */
#include "jwt.h"

#include <stdlib.h>
#include <string.h>

#include "base64url.h"
#include "json.h"
#include "secmem.h"
#include "utf8.h"

parsec_status_t jwt_subject(const char *token, char **sub)
{
	const char *payload, *payload_end;
	uint8_t *json = NULL;
	size_t json_len = 0;
	parsec_status_t rc;

	*sub = NULL;
	payload = strchr(token, '.');
	if (!payload)
		return PARSEC_E_DECODE;
	payload++;
	payload_end = strchr(payload, '.');
	if (!payload_end || strchr(payload_end + 1, '.'))
		return PARSEC_E_DECODE;
	rc = base64url_decode(payload, (size_t)(payload_end - payload), &json,
			      &json_len);
	if (rc != PARSEC_SUCCESS)
		return rc;
	rc = json_object_string((const char *)json, json_len, "sub", sub);
	secmem_free(json, json_len + 1);
	if (rc != PARSEC_SUCCESS)
		return rc;
	if ((*sub)[0] == 0 || !utf8_valid((uint8_t *)*sub, strlen(*sub))) {
		free(*sub);
		*sub = NULL;
		return PARSEC_E_DECODE;
	}
	return PARSEC_SUCCESS;
}
