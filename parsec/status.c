/*
 * status.c - names and messages of every parsec_status_t.
 *
 * Service codes are ResponseStatus of parsec-interface: 0..22 for the
 * service itself, 1000 + |psa_status_t| for PSA Crypto errors (1144 is not
 * assigned). Negative codes are this client's own failures.
 */
#include "parsec/parsec.h"

#include <stddef.h>

typedef struct status_row {
	int code;
	const char *name;
	const char *message;
} status_row_t;

static const status_row_t status_rows[] = {
	{PARSEC_SUCCESS, "Success", "success"},
	{PARSEC_WRONG_PROVIDER_ID, "WrongProviderID",
	 "the request was sent to the wrong provider"},
	{PARSEC_CONTENT_TYPE_NOT_SUPPORTED, "ContentTypeNotSupported",
	 "the service does not support this body content type"},
	{PARSEC_ACCEPT_TYPE_NOT_SUPPORTED, "AcceptTypeNotSupported",
	 "the service does not support this response body type"},
	{PARSEC_WIRE_PROTOCOL_VERSION_NOT_SUPPORTED,
	 "WireProtocolVersionNotSupported",
	 "the service does not speak this wire protocol version"},
	{PARSEC_PROVIDER_NOT_REGISTERED, "ProviderNotRegistered",
	 "no provider with this id is configured in the service"},
	{PARSEC_PROVIDER_DOES_NOT_EXIST, "ProviderDoesNotExist",
	 "no provider has this id"},
	{PARSEC_DESERIALIZING_BODY_FAILED, "DeserializingBodyFailed",
	 "the service could not decode the request body"},
	{PARSEC_SERIALIZING_BODY_FAILED, "SerializingBodyFailed",
	 "the service could not encode the response body"},
	{PARSEC_OPCODE_DOES_NOT_EXIST, "OpcodeDoesNotExist",
	 "the provider does not implement this operation"},
	{PARSEC_RESPONSE_TOO_LARGE, "ResponseTooLarge",
	 "the response would exceed the service's buffer limit"},
	{PARSEC_AUTHENTICATION_ERROR, "AuthenticationError",
	 "the service rejected the credentials"},
	{PARSEC_AUTHENTICATOR_DOES_NOT_EXIST, "AuthenticatorDoesNotExist",
	 "no authenticator has this auth type"},
	{PARSEC_AUTHENTICATOR_NOT_REGISTERED, "AuthenticatorNotRegistered",
	 "the service is not configured for this auth type"},
	{PARSEC_KEY_INFO_MANAGER_ERROR, "KeyInfoManagerError",
	 "the service's key store failed"},
	{PARSEC_CONNECTION_ERROR, "ConnectionError",
	 "the service saw a connection problem (request too slow?)"},
	{PARSEC_INVALID_ENCODING, "InvalidEncoding",
	 "the service saw an invalid header encoding"},
	{PARSEC_INVALID_HEADER, "InvalidHeader",
	 "the service rejected the request header"},
	{PARSEC_WRONG_PROVIDER_UUID, "WrongProviderUuid",
	 "the provider's UUID does not match"},
	{PARSEC_NOT_AUTHENTICATED, "NotAuthenticated",
	 "this operation needs authentication"},
	{PARSEC_BODY_SIZE_EXCEEDS_LIMIT, "BodySizeExceedsLimit",
	 "the request body is over the service's limit"},
	{PARSEC_ADMIN_OPERATION, "AdminOperation",
	 "this operation is reserved to administrators"},
	{PARSEC_DEPRECATED_PRIMITIVE, "DeprecatedPrimitive",
	 "the service refuses deprecated algorithms"},

	{PARSEC_PSA_ERROR_GENERIC_ERROR, "PsaErrorGenericError",
	 "the provider failed (unspecified error)"},
	{PARSEC_PSA_ERROR_NOT_PERMITTED, "PsaErrorNotPermitted",
	 "the key's policy does not permit this"},
	{PARSEC_PSA_ERROR_NOT_SUPPORTED, "PsaErrorNotSupported",
	 "the provider does not support this algorithm or parameter"},
	{PARSEC_PSA_ERROR_INVALID_ARGUMENT, "PsaErrorInvalidArgument",
	 "the provider rejected an argument"},
	{PARSEC_PSA_ERROR_INVALID_HANDLE, "PsaErrorInvalidHandle",
	 "the provider has no such key handle"},
	{PARSEC_PSA_ERROR_BAD_STATE, "PsaErrorBadState",
	 "the provider is in the wrong state for this"},
	{PARSEC_PSA_ERROR_BUFFER_TOO_SMALL, "PsaErrorBufferTooSmall",
	 "an output buffer was too small"},
	{PARSEC_PSA_ERROR_ALREADY_EXISTS, "PsaErrorAlreadyExists",
	 "a key with this name already exists"},
	{PARSEC_PSA_ERROR_DOES_NOT_EXIST, "PsaErrorDoesNotExist",
	 "no key with this name exists for this application"},
	{PARSEC_PSA_ERROR_INSUFFICIENT_MEMORY, "PsaErrorInsufficientMemory",
	 "the provider ran out of memory"},
	{PARSEC_PSA_ERROR_INSUFFICIENT_STORAGE, "PsaErrorInsufficientStorage",
	 "the provider ran out of storage"},
	{PARSEC_PSA_ERROR_INSUFFICIENT_DATA, "PsaErrorInsufficientData",
	 "not enough data was supplied"},
	{PARSEC_PSA_ERROR_COMMUNICATION_FAILURE, "PsaErrorCommunicationFailure",
	 "the provider could not reach its backend"},
	{PARSEC_PSA_ERROR_STORAGE_FAILURE, "PsaErrorStorageFailure",
	 "the provider's storage failed"},
	{PARSEC_PSA_ERROR_HARDWARE_FAILURE, "PsaErrorHardwareFailure",
	 "the provider's hardware failed"},
	{PARSEC_PSA_ERROR_INSUFFICIENT_ENTROPY, "PsaErrorInsufficientEntropy",
	 "the provider lacks entropy"},
	{PARSEC_PSA_ERROR_INVALID_SIGNATURE, "PsaErrorInvalidSignature",
	 "the signature does not verify"},
	{PARSEC_PSA_ERROR_INVALID_PADDING, "PsaErrorInvalidPadding",
	 "the decrypted padding is invalid"},
	{PARSEC_PSA_ERROR_CORRUPTION_DETECTED, "PsaErrorCorruptionDetected",
	 "the provider detected a corruption"},
	{PARSEC_PSA_ERROR_DATA_CORRUPT, "PsaErrorDataCorrupt",
	 "stored data is corrupt"},
	{PARSEC_PSA_ERROR_DATA_INVALID, "PsaErrorDataInvalid",
	 "stored data is invalid"},

	{PARSEC_E_ARGS, "E_ARGS", "bad argument to a client call"},
	{PARSEC_E_NOMEM, "E_NOMEM", "out of memory"},
	{PARSEC_E_ENDPOINT, "E_ENDPOINT",
	 "the service endpoint is not a unix: URI or absolute path"},
	{PARSEC_E_CONNECT, "E_CONNECT",
	 "could not connect to the service (is it running?)"},
	{PARSEC_E_TIMEOUT, "E_TIMEOUT", "the service did not answer in time"},
	{PARSEC_E_IO, "E_IO",
	 "the connection to the service failed or closed early"},
	{PARSEC_E_PROTOCOL, "E_PROTOCOL",
	 "the service's response header is invalid"},
	{PARSEC_E_TOO_LARGE, "E_TOO_LARGE",
	 "the response body is over the client's limit"},
	{PARSEC_E_DECODE, "E_DECODE", "the response body could not be decoded"},
	{PARSEC_E_ENCODE, "E_ENCODE", "the request could not be encoded"},
	{PARSEC_E_AUTH, "E_AUTH",
	 "no usable credentials for the authenticator"},
	{PARSEC_E_NO_AUTHENTICATOR, "E_NO_AUTHENTICATOR",
	 "the service offers no authenticator this client can use"},
};

static const status_row_t *status_find(long code)
{
	size_t i;

	for (i = 0; i < sizeof(status_rows) / sizeof(status_rows[0]); i++) {
		if (status_rows[i].code == code)
			return &status_rows[i];
	}
	return NULL;
}

const char *parsec_status_name(parsec_status_t status)
{
	const status_row_t *row = status_find(status);

	return row ? row->name : "Unknown";
}

const char *parsec_status_message(parsec_status_t status)
{
	const status_row_t *row = status_find(status);

	return row ? row->message : "unknown status";
}

int parsec_status_is_known(uint32_t status)
{
	/* Only the service's own codes: a response never carries ours. */
	return status <= INT32_MAX && status_find((long)status) != NULL;
}
