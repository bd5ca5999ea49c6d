/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pit-json-writer.h"

static void
test_nesting_and_escaping (void)
{
  PitJsonWriter *json = pit_json_writer_new ();
  g_autofree char *text = NULL;

  pit_json_writer_begin_object (json);
  pit_json_writer_key (json, "name");
  pit_json_writer_string (json, "quote \" back\\slash\nnewline\x01");
  pit_json_writer_key (json, "list");
  pit_json_writer_begin_array (json);
  pit_json_writer_uint (json, 1);
  pit_json_writer_int (json, -2);
  pit_json_writer_bool (json, TRUE);
  pit_json_writer_null (json);
  pit_json_writer_string (json, NULL);
  pit_json_writer_double (json, 1.5);
  pit_json_writer_double (json, 0.0 / 0.0);
  pit_json_writer_begin_object (json);
  pit_json_writer_end_object (json);
  pit_json_writer_end_array (json);
  pit_json_writer_end_object (json);
  text = pit_json_writer_steal (json);

  g_assert_cmpstr (text, ==,
                   "{\"name\":\"quote \\\" back\\\\slash\\nnewline\\u0001\","
                   "\"list\":[1,-2,true,null,null,1.500,null,{}]}\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-writer/nesting-and-escaping", test_nesting_and_escaping);
  return g_test_run ();
}
