/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-ui"

#include "config.h"

#include "pit-window-capture.h"

/* Hooks for the scripts in build-aux/, driven by the environment:
 *  PITSTOP_BENCHMARK=1        print "pitstop-benchmark: ready_ms=… peak_rss_kib=…
 *                             domains=… listed_ms=…" when the window is mapped
 *                             with its list filled and every VM read (listed_ms:
 *                             when the list first showed, names and states),
 *                             then quit ("stay": keep running).
 *  PITSTOP_SCREENSHOT=FILE    select PITSTOP_SCREENSHOT_SELECT (a VM name)
 *                             and PITSTOP_SCREENSHOT_VIEW ("performance"),
 *                             wait PITSTOP_SCREENSHOT_DELAY_MS, save the
 *                             window as a PNG, then quit; with
 *                             PITSTOP_SCREENSHOT_WIZARD=PAGE, the tuning
 *                             wizard open at that page instead;
 *                             PITSTOP_SCREENSHOT_TEXT_SCALE=1.25 draws text
 *                             as GNOME's "Large Text" does. */

static guint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;
  guint64 kib = 0;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  if (line != NULL)
    kib = g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
  return kib;
}

/**
 * pit_window_capture_png:
 * Renders @widget as it is on screen into a PNG file.
 */
gboolean
pit_window_capture_png (GtkWidget  *widget,
                        const char *path,
                        GError    **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL || renderer == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Nothing to capture");
      return FALSE;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s", path);
      return FALSE;
    }
  return TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                PitWindow     *window)
{
  GtkWindow *wizard = g_object_get_data (G_OBJECT (window), "capture-wizard");
  const char *path = g_getenv ("PITSTOP_SCREENSHOT");
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, window);
  if (!pit_window_capture_png (wizard ? GTK_WIDGET (wizard) : GTK_WIDGET (window), path, &error))
    g_printerr ("pitstop: %s\n", error->message);
  else
    g_print ("pitstop: saved %s\n", path);
  if (wizard != NULL)
    gtk_window_destroy (wizard);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A window's drawing is there to capture only from a frame's paint until
 * the next redraw is queued (a live figure, a page being built): capture
 * right after a paint, not at a moment that may fall in between ("Nothing
 * to capture" under load). */
static gboolean
screenshot_cb (gpointer user_data)
{
  PitWindow *window = user_data;
  GtkWindow *wizard = g_object_get_data (G_OBJECT (window), "capture-wizard");
  GtkWidget *widget = wizard ? GTK_WIDGET (wizard) : GTK_WIDGET (window);

  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint", G_CALLBACK (after_paint_cb), window);
  gtk_widget_queue_draw (widget);
  return G_SOURCE_REMOVE;
}

static void
ready_cb (PitWindow *window,
          gpointer   user_data)
{
  gint64 start_time = *(gint64 *) user_data;

  if (g_getenv ("PITSTOP_BENCHMARK") != NULL)
    {
      PitConnection *connection = pit_window_get_connection (window);

      gint64 listed = pit_window_get_listed_time (window);

      g_print ("pitstop-benchmark: ready_ms=%.1f peak_rss_kib=%" G_GUINT64_FORMAT " domains=%u listed_ms=%.1f\n",
               (g_get_monotonic_time () - start_time) / 1000.0, peak_rss_kib (),
               g_list_model_get_n_items (pit_connection_get_domains (connection)),
               listed > 0 ? (listed - start_time) / 1000.0 : -1.0);
      /* "stay": keep running (the overview samples every VM) for a CPU figure */
      if (g_strcmp0 (g_getenv ("PITSTOP_BENCHMARK"), "stay") != 0)
        gtk_window_destroy (GTK_WINDOW (window));
      return;
    }

  if (g_getenv ("PITSTOP_SCREENSHOT") != NULL)
    {
      const char *select = g_getenv ("PITSTOP_SCREENSHOT_SELECT");

      const char *view = g_getenv ("PITSTOP_SCREENSHOT_VIEW");
      const char *delay = g_getenv ("PITSTOP_SCREENSHOT_DELAY_MS");

      if (select != NULL && *select != '\0' && !pit_window_select_domain (window, select))
        g_printerr ("pitstop: no VM named %s\n", select);
      if (view != NULL && *view != '\0')
        pit_window_show_view (window, view);
      if (g_getenv ("PITSTOP_SCREENSHOT_WIZARD") != NULL)
        {
          GtkWindow *wizard = pit_window_open_wizard (window, g_getenv ("PITSTOP_SCREENSHOT_WIZARD"));

          if (wizard != NULL && g_getenv ("PITSTOP_SCREENSHOT_WIDTH") != NULL)
            gtk_window_set_default_size (wizard, atoi (g_getenv ("PITSTOP_SCREENSHOT_WIDTH")),
                                         atoi (g_getenv ("PITSTOP_SCREENSHOT_HEIGHT") ?: "700"));
          g_object_set_data (G_OBJECT (window), "capture-wizard", wizard);
        }
      /* let the page lay out and draw (and graphs fill) before capturing */
      g_timeout_add (delay ? (guint) atoi (delay) : 800, screenshot_cb, window);
    }
}

static void
free_start_time (gpointer  data,
                 GClosure *closure)
{
  g_free (data);
}

/**
 * pit_window_capture_setup:
 * @start_time: g_get_monotonic_time() at process start
 */
void
pit_window_capture_setup (PitWindow *window,
                          gint64     start_time)
{
  gint64 *data;

  if (g_getenv ("PITSTOP_BENCHMARK") == NULL && g_getenv ("PITSTOP_SCREENSHOT") == NULL)
    return;

  data = g_new (gint64, 1);
  *data = start_time;
  g_signal_connect_data (window, "ready", G_CALLBACK (ready_cb), data, free_start_time, 0);

  /* GNOME's "Large Text" (text-scaling-factor 1.25) reaches GTK as a higher
   * Xft DPI; Xvfb has no settings daemon to send it */
  if (g_getenv ("PITSTOP_SCREENSHOT_TEXT_SCALE") != NULL)
    g_object_set (gtk_widget_get_settings (GTK_WIDGET (window)), "gtk-xft-dpi",
                  (int) (96 * 1024 * g_ascii_strtod (g_getenv ("PITSTOP_SCREENSHOT_TEXT_SCALE"), NULL)), NULL);
  if (g_getenv ("PITSTOP_SCREENSHOT_WIDTH") != NULL)
    gtk_window_set_default_size (GTK_WINDOW (window),
                                 atoi (g_getenv ("PITSTOP_SCREENSHOT_WIDTH")),
                                 atoi (g_getenv ("PITSTOP_SCREENSHOT_HEIGHT") ?: "700"));
}
