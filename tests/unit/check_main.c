/* check_main.c - the main() of every unit test program. */
#include <stdlib.h>

#include "unit.h"

int main(void)
{
	SRunner *runner = srunner_create(unit_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
