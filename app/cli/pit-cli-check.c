/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "pit-advisor.h"
#include "pit-cli.h"
#include "pit-demo.h"
#include "pit-error.h"
#include "pit-json-writer.h"

/* pitstop-cli check: the advisor's findings for a domain XML file or the
 * domains of a connection.  Exit 0: no findings; 2: findings; 1: error. */

#define EXIT_FINDINGS 2

/* Text ------------------------------------------------------------------ */

static void
print_wrapped (const char *indent,
               const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) line = g_string_new (indent);
  glong width = g_utf8_strlen (indent, -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      glong len = g_utf8_strlen (words[i], -1);

      if (width > (glong) strlen (indent) && width + 1 + len > 78)
        {
          g_print ("%s\n", line->str);
          g_string_assign (line, indent);
          width = g_utf8_strlen (indent, -1);
        }
      if (width > g_utf8_strlen (indent, -1))
        {
          g_string_append_c (line, ' ');
          width++;
        }
      g_string_append (line, words[i]);
      width += len;
    }
  g_print ("%s\n", line->str);
}

static void
print_finding (PitAdvisorFinding *finding)
{
  GPtrArray *evidence = pit_advisor_finding_get_evidence (finding);
  const char *subject = pit_advisor_finding_get_subject (finding);
  const char *page = pit_advisor_finding_get_fix_page (finding);
  g_autofree char *fix = NULL;

  g_print ("\n  [%s] %s", pit_advisor_severity_to_string (pit_advisor_finding_get_severity (finding)),
           pit_advisor_finding_get_title (finding));
  if (subject != NULL)
    g_print (" — %s", subject);
  g_print ("  (%s)\n", pit_advisor_finding_get_id (finding));
  print_wrapped ("    ", pit_advisor_finding_get_explanation (finding));

  for (guint i = 0; i < evidence->len; i++)
    {
      PitAdvisorEvidence *item = g_ptr_array_index (evidence, i);
      g_autofree char *one_line = g_strdup (item->text);
      g_auto(GStrv) lines = NULL;
      g_autoptr(GString) joined = g_string_new (NULL);

      /* XML fragments keep their indentation: fold them onto one line */
      lines = g_strsplit (one_line, "\n", -1);
      for (guint j = 0; lines[j] != NULL; j++)
        {
          g_strstrip (lines[j]);
          if (lines[j][0] == '\0')
            continue;
          if (joined->len > 0)
            g_string_append_c (joined, ' ');
          g_string_append (joined, lines[j]);
        }
      /* TRANSLATORS: evidence, e.g. "CPU topology (XML): <topology …/>" */
      g_print ("    %s (%s): %s\n", item->label != NULL ? item->label : "",
               item->kind == PIT_ADVISOR_EVIDENCE_XML ? _("XML") : _("host"), joined->str);
    }

  switch (pit_advisor_finding_get_fix_kind (finding))
    {
    case PIT_ADVISOR_FIX_TUNE:
      /* TRANSLATORS: "Fix: Change the topology (pitstop-cli tune, wizard page “cpu”): …" */
      fix = g_strdup_printf (_("Fix: %s (wizard page “%s”): %s"), pit_advisor_finding_get_fix_label (finding),
                             page, pit_advisor_finding_get_fix_text (finding));
      break;
    case PIT_ADVISOR_FIX_HOST_PLAN:
      fix = g_strdup_printf (_("Fix: %s (pitstop-cli host-plan): %s"), pit_advisor_finding_get_fix_label (finding),
                             pit_advisor_finding_get_fix_text (finding));
      break;
    case PIT_ADVISOR_FIX_ADVICE:
    default:
      fix = g_strdup_printf (_("Advice: %s"), pit_advisor_finding_get_fix_text (finding));
      break;
    }
  print_wrapped ("    ", fix);
}

static void
print_text (PitAdvisorReport *report)
{
  GListModel *findings = pit_advisor_report_get_findings (report);
  guint n = g_list_model_get_n_items (findings);
  GPtrArray *skipped = pit_advisor_report_get_skipped (report);
  const char *name = pit_advisor_report_get_name (report);

  if (n == 0)
    g_print (_("%s: no findings\n"), name != NULL ? name : _("(unnamed)"));
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "%s: %u finding (%u high, %u medium, %u low)\n",
                          "%s: %u findings (%u high, %u medium, %u low)\n", n),
             name != NULL ? name : _("(unnamed)"), n,
             pit_advisor_report_count_severity (report, PIT_ADVISOR_SEVERITY_HIGH),
             pit_advisor_report_count_severity (report, PIT_ADVISOR_SEVERITY_MEDIUM),
             pit_advisor_report_count_severity (report, PIT_ADVISOR_SEVERITY_LOW));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PitAdvisorFinding) finding = g_list_model_get_item (findings, i);

      print_finding (finding);
    }
  if (skipped->len > 0)
    {
      g_autoptr(GString) ids = g_string_new (NULL);
      g_autofree char *line = NULL;

      for (guint i = 0; i < skipped->len; i++)
        g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", (char *) g_ptr_array_index (skipped, i));
      line = g_strdup_printf (_("Skipped without host facts (give --root DIR): %s"), ids->str);
      g_print ("\n");
      print_wrapped ("  ", line);
    }
}

/* JSON ------------------------------------------------------------------ */

static void
write_host_request (PitJsonWriter            *json,
                    const PitHostPlanRequest *request)
{
  pit_json_writer_key (json, "host_plan");
  pit_json_writer_begin_object (json);
  pit_json_writer_key (json, "gpus");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < request->gpus->len; i++)
    pit_json_writer_string (json, g_ptr_array_index (request->gpus, i));
  pit_json_writer_end_array (json);
  pit_json_writer_key (json, "hugepage_size_kib");
  pit_json_writer_uint (json, request->hugepage_size_kib);
  pit_json_writer_key (json, "hugepage_count");
  pit_json_writer_uint (json, request->hugepage_count);
  pit_json_writer_member_string (json, "bridge", request->bridge);
  pit_json_writer_member_string (json, "uplink", request->uplink);
  pit_json_writer_end_object (json);
}

static void
write_finding (PitJsonWriter     *json,
               PitAdvisorFinding *finding)
{
  GPtrArray *evidence = pit_advisor_finding_get_evidence (finding);
  const PitHostPlanRequest *request = pit_advisor_finding_get_fix_host_request (finding);

  pit_json_writer_begin_object (json);
  pit_json_writer_member_string (json, "id", pit_advisor_finding_get_id (finding));
  pit_json_writer_member_string (json, "subject", pit_advisor_finding_get_subject (finding));
  pit_json_writer_member_string (json, "severity", pit_advisor_severity_to_id (pit_advisor_finding_get_severity (finding)));
  pit_json_writer_member_string (json, "title", pit_advisor_finding_get_title (finding));
  pit_json_writer_member_string (json, "explanation", pit_advisor_finding_get_explanation (finding));
  pit_json_writer_key (json, "evidence");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < evidence->len; i++)
    {
      PitAdvisorEvidence *item = g_ptr_array_index (evidence, i);

      pit_json_writer_begin_object (json);
      pit_json_writer_member_string (json, "kind", pit_advisor_evidence_kind_to_id (item->kind));
      pit_json_writer_member_string (json, "label", item->label);
      pit_json_writer_member_string (json, "text", item->text);
      pit_json_writer_end_object (json);
    }
  pit_json_writer_end_array (json);
  pit_json_writer_key (json, "fix");
  pit_json_writer_begin_object (json);
  pit_json_writer_member_string (json, "kind", pit_advisor_fix_kind_to_id (pit_advisor_finding_get_fix_kind (finding)));
  pit_json_writer_member_string (json, "label", pit_advisor_finding_get_fix_label (finding));
  pit_json_writer_member_string (json, "text", pit_advisor_finding_get_fix_text (finding));
  pit_json_writer_member_string (json, "page", pit_advisor_finding_get_fix_page (finding));
  if (request != NULL)
    write_host_request (json, request);
  pit_json_writer_end_object (json);
  pit_json_writer_end_object (json);
}

static void
write_report (PitJsonWriter    *json,
              PitAdvisorReport *report)
{
  GListModel *findings = pit_advisor_report_get_findings (report);
  GPtrArray *skipped = pit_advisor_report_get_skipped (report);

  pit_json_writer_begin_object (json);
  pit_json_writer_member_string (json, "name", pit_advisor_report_get_name (report));
  pit_json_writer_member_string (json, "uuid", pit_advisor_report_get_uuid (report));
  pit_json_writer_key (json, "host_facts");
  pit_json_writer_bool (json, pit_advisor_report_has_host (report));
  pit_json_writer_key (json, "skipped");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < skipped->len; i++)
    pit_json_writer_string (json, g_ptr_array_index (skipped, i));
  pit_json_writer_end_array (json);
  pit_json_writer_key (json, "findings");
  pit_json_writer_begin_array (json);
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr(PitAdvisorFinding) finding = g_list_model_get_item (findings, i);

      write_finding (json, finding);
    }
  pit_json_writer_end_array (json);
  pit_json_writer_end_object (json);
}

/* Running ----------------------------------------------------------------- */

static PitHostInventory *
probe_root (const char  *root,
            const char  *pci_dump,
            const char  *xml,
            GError     **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(PitDomainSummary) summary = xml != NULL ? pit_domain_summary_new_from_xml (xml, NULL) : NULL;
  PitHostProbeOptions options = { root, pci_dump, NULL };

  for (guint i = 0; summary != NULL && i < summary->disks->len; i++)
    {
      PitDiskInfo *disk = g_ptr_array_index (summary->disks, i);

      if (disk->source != NULL && disk->source[0] == '/' && g_strcmp0 (disk->device, "disk") == 0)
        g_ptr_array_add (paths, disk->source);
    }
  g_ptr_array_add (paths, NULL);
  options.storage_paths = (const char * const *) paths->pdata;
  return pit_host_inventory_probe (&options, error);
}

static GPtrArray *
check_connection (PitCliConnectionOptions  *conn_options,
                  const char               *root,
                  const char               *pci_dump,
                  const char               *domain_name,
                  GError                  **error)
{
  g_autoptr(PitConnection) connection = NULL;
  g_autoptr(PitHostInventory) host = NULL;
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) domains = g_ptr_array_new_with_free_func (g_object_unref);

  connection = pit_cli_open_connection (conn_options, error);
  if (connection == NULL)
    return NULL;

  if (domain_name != NULL)
    {
      PitDomain *domain = pit_connection_find_domain (connection, domain_name);

      if (domain == NULL)
        {
          g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND,
                       _("There is no virtual machine “%s”"), domain_name);
          return NULL;
        }
      g_ptr_array_add (domains, g_object_ref (domain));
    }
  else
    {
      GListModel *all = pit_connection_get_domains (connection);

      for (guint i = 0; i < g_list_model_get_n_items (all); i++)
        g_ptr_array_add (domains, g_list_model_get_item (all, i));
    }

  /* one inventory for all domains; each report adds its own disks */
  if (root != NULL)
    host = probe_root (root, pci_dump, NULL, error);
  else
    host = pit_host_inventory_for_connection_sync (connection, NULL, error);
  if (host == NULL)
    return NULL;

  for (guint i = 0; i < domains->len; i++)
    {
      PitAdvisorReport *report = pit_advisor_check_domain_sync (connection, g_ptr_array_index (domains, i),
                                                                host, error);

      if (report == NULL)
        return NULL;
      g_ptr_array_add (reports, report);
    }
  return g_steal_pointer (&reports);
}

static GPtrArray *
check_file (const char  *path,
            const char  *demo,
            const char  *root,
            const char  *pci_dump,
            GError     **error)
{
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PitHostInventory) host = NULL;
  g_autofree char *demo_root = NULL;
  g_autofree char *xml = NULL;
  PitAdvisorReport *report;

  if (!g_file_get_contents (path, &xml, NULL, error))
    return NULL;
  if (demo != NULL && root == NULL)
    root = demo_root = pit_demo_get_host_root_for_uri (demo);
  if (root != NULL)
    {
      host = probe_root (root, pci_dump, xml, error);
      if (host == NULL)
        return NULL;
    }

  report = pit_advisor_check_xml (xml, host, FALSE, error);
  if (report == NULL)
    return NULL;
  g_ptr_array_add (reports, report);
  return g_steal_pointer (&reports);
}

int
pit_cli_check (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(PitCliConnectionOptions) conn_options = { 0 };
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml_path = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *root = NULL;
  g_autofree char *pci_dump = NULL;
  gboolean all = FALSE, json = FALSE;
  guint n_findings = 0;
  const GOptionEntry entries[] = {
    { "xml", 0, 0, G_OPTION_ARG_FILENAME, &xml_path, N_("Check this domain XML file"), N_("FILE") },
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &domain, N_("Check this virtual machine (name or UUID)"), N_("NAME") },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Check every virtual machine of the connection"), NULL },
    { "root", 0, 0, G_OPTION_ARG_FILENAME, &root, N_("Read the host’s facts under DIR instead of the live host"), N_("DIR") },
    { "pci-dump", 0, 0, G_OPTION_ARG_FILENAME, &pci_dump, N_("Read PCI devices from an “lspci -x” dump"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array of reports"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Find what holds a virtual machine back, explain it and name the "
                                           "fix.\nExit status: 0 no findings, 2 findings, 1 error."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, pit_cli_connection_option_group (&conn_options));
  if (!pit_cli_parse (context, &argc, &argv))
    return 1;

  if (argc > 1)
    g_set_error (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("Unexpected argument “%s”"), argv[1]);
  else if (xml_path != NULL && (domain != NULL || all || conn_options.connect != NULL))
    g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                         _("Use either --xml FILE or a connection’s --domain/--all, not both"));
  else if (xml_path == NULL && domain == NULL && !all)
    g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                         _("Say what to check: --xml FILE, --domain NAME or --all"));
  else if (domain != NULL && all)
    g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("Use either --domain or --all, not both"));
  else if (pci_dump != NULL && root == NULL)
    g_set_error_literal (&error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("--pci-dump needs --root DIR"));
  if (error != NULL)
    return pit_cli_fail (error);

  if (xml_path != NULL)
    {
      g_autofree char *demo_uri = conn_options.demo ? pit_cli_demo_uri (&conn_options, &error) : NULL;

      if (conn_options.demo && demo_uri == NULL)
        return pit_cli_fail (error);
      reports = check_file (xml_path, demo_uri, root, pci_dump, &error);
    }
  else
    reports = check_connection (&conn_options, root, pci_dump, domain, &error);
  if (reports == NULL)
    return pit_cli_fail (error);

  if (json)
    {
      g_autoptr(PitJsonWriter) writer = pit_json_writer_new ();
      g_autofree char *text = NULL;

      pit_json_writer_begin_array (writer);
      for (guint i = 0; i < reports->len; i++)
        write_report (writer, g_ptr_array_index (reports, i));
      pit_json_writer_end_array (writer);
      text = pit_json_writer_steal (g_steal_pointer (&writer));
      g_print ("%s", text);
    }
  for (guint i = 0; i < reports->len; i++)
    {
      PitAdvisorReport *report = g_ptr_array_index (reports, i);

      if (!json)
        {
          if (i > 0)
            g_print ("\n");
          print_text (report);
        }
      n_findings += pit_advisor_report_get_n_findings (report);
    }

  return n_findings > 0 ? EXIT_FINDINGS : 0;
}
