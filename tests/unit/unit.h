/* unit.h - each unit test program defines its suite; check_main.c runs
 * it. */
#ifndef TESTS_UNIT_UNIT_H
#define TESTS_UNIT_UNIT_H

#include <check.h>

Suite *unit_suite(void);

#endif
