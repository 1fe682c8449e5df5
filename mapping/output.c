/* output.c - PKCS#11 output sizing. */
#include "mapping/output.h"

int output_ready(const uint8_t *out, size_t *out_len, size_t needed, CK_RV *rv)
{
	if (out != NULL && *out_len >= needed)
		return 1;
	*rv = out == NULL ? CKR_OK : CKR_BUFFER_TOO_SMALL;
	*out_len = needed;
	return 0;
}
