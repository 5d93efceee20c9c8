//! The timeline as a picture: SVG, PNG and a paged PDF, drawn from the
//! same [`Scene`] the widget paints, so a picture shows what the timeline
//! shows (lanes, marks that say how well each date is known, clusters,
//! density strips, the overview and the legend) for a chosen window of
//! time. Not a screenshot: the SVG is vector shapes with text as text.
//!
//! One vector path serves all three: [`svg`] writes the scene; PNG is that
//! SVG rasterised by `resvg`; the timeline PDF is one such SVG per page
//! (a slice of the time range, the lanes that fit, the legend and a page
//! number), drawn onto krilla pages by `krilla-svg` with its text kept as
//! real, searchable text. Fonts are the system's, found by `fontdb` as the
//! report PDF finds them; the renderer falls back per character, so
//! Korean, Chinese, Arabic and Russian titles render.

pub mod svg;

use std::io::Write;
use std::sync::Arc;

use krilla::Document;
use krilla::geom::Size;
use krilla::page::PageSettings;
use krilla_svg::{SurfaceExt as _, SvgSettings};

use super::{ExportError, ExportResult, Job, Scope, Writer};
use crate::model::Notebook;
use crate::model::date::Precision;
use crate::timeline::extent::{date_at, extent_from_date};
use crate::timeline::geometry::{Bounds, Point};
use crate::timeline::project::Projection;
use crate::timeline::scale::TimeView;
use crate::timeline::scene::{
    self, AXIS_HEIGHT_POINTS, OVERVIEW_GAP_POINTS, OVERVIEW_HEIGHT_POINTS, Overview, Scene,
};
use svg::{Anchor, Svg, palette};

/// Width of an SVG (and of a PNG's layout): a full-screen timeline on a
/// 1400-pixel-wide display.
pub const PICTURE_WIDTH_POINTS: f32 = 1400.0;

/// Narrowest PNG accepted: below this the axis and a label no longer fit.
pub const MIN_PNG_WIDTH_PX: u32 = 200;

/// Widest PNG accepted: 16k pixels is print quality for a wall chart and
/// bounds the memory a PNG takes (16384 × a few thousand × 4 bytes).
pub const MAX_PNG_WIDTH_PX: u32 = 16_384;

/// Most pixels a PNG may have: 128 million (512 MB while drawing), so a
/// notebook with hundreds of tracks at a large width is refused with a
/// message instead of exhausting memory.
pub const MAX_PNG_PIXELS: u64 = 128 * 1024 * 1024;

/// Margin around a picture.
const MARGIN_POINTS: f32 = 16.0;

/// Height of a picture's heading: its title and what it shows.
const HEADING_POINTS: f32 = 44.0;

/// Title size.
const TITLE_FONT_POINTS: f32 = 16.0;

/// Subtitle and footer size.
const SMALL_FONT_POINTS: f32 = 11.0;

/// Gap between the overview and the legend.
const LEGEND_GAP_POINTS: f32 = 12.0;

/// Height of the lanes of a picture with no events (room for the notice).
const EMPTY_LANES_POINTS: f32 = 80.0;

/// Height kept for a page number under a page's legend.
const FOOTER_POINTS: f32 = 18.0;

/// Bins of the overview strip per point (as the widget).
const OVERVIEW_BIN_POINTS: f32 = 3.0;

/// A page is drawn at this fraction of the layout's size, so labels print
/// at about 9 pt (12.5 pt on screen) and a page holds more.
const PRINT_SCALE: f32 = 0.75;

/// Printed margin of a timeline page.
const PAGE_MARGIN_PT: f32 = 28.0;

/// Most events with a label a lane shows on one page: a landscape page's
/// width holds about six rows of four 200-point labels; a time range
/// whose busiest lane has more is split over more pages.
const EVENTS_PER_LANE_PAGE: usize = 24;

/// Most pages a timeline PDF gets (the rest would be unreadably thin
/// slices of a dense notebook, which the density strips draw anyway).
pub const MAX_TIMELINE_PAGES: usize = 500;

/// Paper for the timeline PDF, always landscape.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4.
    #[default]
    A4,
    /// US Letter.
    Letter,
}

impl Paper {
    /// Both, as the CLI lists them.
    pub const ALL: [Self; 2] = [Self::A4, Self::Letter];

    /// The name the CLI takes (`--paper letter`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::A4 => "a4",
            Self::Letter => "letter",
        }
    }

    /// Reads [`Paper::name`], in any case.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Width and height in points, landscape.
    #[must_use]
    pub const fn landscape_points(self) -> (f32, f32) {
        match self {
            Self::A4 => (841.89, 595.28),
            Self::Letter => (792.0, 612.0),
        }
    }
}

/// The events a picture draws and the window of time it shows.
pub struct Picture {
    notebook: Option<Notebook>,
    projection: Projection,
    /// The window of time.
    pub view: TimeView,
    title: String,
    subtitle: String,
}

impl Picture {
    /// The picture of `job`: its scope's tracks, tags and filters pick the
    /// events; its dates (or [`super::Options::view`], or the whole
    /// extent) the window of time.
    #[must_use]
    pub fn of(job: &Job<'_>) -> Self {
        let events_scope = job.scope.without_range();
        let notebook = if events_scope.is_whole() {
            None
        } else {
            let events = events_scope
                .select(job.notebook)
                .unwrap_or_default()
                .into_iter()
                .cloned()
                .collect();
            let tracks =
                job.notebook
                    .tracks
                    .iter()
                    .filter(|t| {
                        job.scope.filter.tracks.is_empty()
                            || job.scope.filter.tracks.iter().any(|name| {
                                name.trim().to_lowercase() == t.name.trim().to_lowercase()
                            })
                    })
                    .cloned()
                    .collect();
            Some(Notebook::new(
                events,
                tracks,
                vec![],
                vec![],
                vec![],
                vec![],
            ))
        };
        let mut projection = Projection::default();
        projection.sync(notebook.as_ref().unwrap_or(job.notebook), 1);
        let view = job
            .options
            .view
            .unwrap_or_else(|| view_of(&projection, job.scope));
        let subtitle = range_label(&view);
        let subtitle = match &job.options.generated {
            Some(when) => format!("{subtitle}  ·  exported {when}"),
            None => subtitle,
        };
        Self {
            notebook,
            projection,
            view,
            title: job.title().to_owned(),
            subtitle,
        }
    }

    fn notebook<'a>(&'a self, job: &'a Job<'_>) -> &'a Notebook {
        self.notebook.as_ref().unwrap_or(job.notebook)
    }

    /// The picture as one SVG `width` points wide: heading, timeline,
    /// overview and legend.
    #[must_use]
    pub fn svg(&self, job: &Job<'_>, width: f32) -> (String, f32) {
        let notebook = self.notebook(job);
        let sheet = Sheet {
            width,
            title: &self.title,
            subtitle: &self.subtitle,
            footer: None,
        };
        let scene = |area| Scene::new(&self.projection, notebook, &self.view, area, 0.0);
        sheet.draw(&self.projection, notebook, &self.view, scene, None)
    }

    /// The pages of a timeline PDF on `paper`: the window split in time so
    /// the busiest lane shows at most [`EVENTS_PER_LANE_PAGE`] events per
    /// page, each slice's lanes grouped so they fit a page's height.
    fn pages(&self, job: &Job<'_>, paper: Paper) -> Vec<(String, f32, f32)> {
        let notebook = self.notebook(job);
        let (page_w, page_h) = paper.landscape_points();
        let width = (page_w - 2.0 * PAGE_MARGIN_PT) / PRINT_SCALE;
        let height = (page_h - 2.0 * PAGE_MARGIN_PT) / PRINT_SCALE;
        let index = self.projection.index();
        let busiest = (0..index.lane_count())
            .map(|lane| index.count_visible(lane, self.view.start, self.view.end()))
            .max()
            .unwrap_or(0);
        let slices = busiest
            .div_ceil(EVENTS_PER_LANE_PAGE)
            .clamp(1, MAX_TIMELINE_PAGES);
        let span = self.view.span / slices as f64;
        // Lanes per page: laid out once per slice, then grouped.
        let sheet_frame = |footer: Option<String>| Sheet {
            width,
            title: &self.title,
            subtitle: "",
            footer,
        };
        let fixed = sheet_frame(Some(String::new())).fixed_height(true);
        let mut plans = Vec::new();
        for slice in 0..slices {
            let view = TimeView::new(self.view.start + span * slice as f64, span);
            let probe = Scene::new(
                &self.projection,
                notebook,
                &view,
                Bounds::from_min_size(0.0, 0.0, width, 1.0e6),
                0.0,
            );
            let mut groups = Vec::new();
            let (mut first, mut used) = (0, 0.0);
            for (i, lane) in probe.lanes.iter().enumerate() {
                let h = lane.bounds.height();
                if i > first && fixed + used + h > height {
                    groups.push(first..i);
                    first = i;
                    used = 0.0;
                }
                used += h;
            }
            groups.push(first..probe.lanes.len().max(first));
            for group in groups {
                plans.push((view, group));
            }
        }
        let count = plans.len();
        plans
            .into_iter()
            .enumerate()
            .map(|(i, (view, group))| {
                let subtitle = range_label(&view);
                let footer = format!("{}  ·  page {} of {count}", self.title, i + 1);
                let sheet = Sheet {
                    subtitle: &subtitle,
                    ..sheet_frame(Some(footer))
                };
                let scene = |area| {
                    let mut scene = Scene::new(&self.projection, notebook, &view, area, 0.0);
                    scene.keep_lanes(group.clone());
                    scene
                };
                let (svg, h) = sheet.draw(&self.projection, notebook, &view, scene, Some(height));
                (svg, width, h)
            })
            .collect()
    }
}

/// The window a picture shows when none was given: the scope's dates, or
/// the whole extent as "Fit" shows it.
fn view_of(projection: &Projection, scope: &Scope) -> TimeView {
    let extent = projection.index().extent();
    let fitted = extent.map_or_else(TimeView::default, scene::fitted_view);
    let start = scope.from().as_ref().map(|d| extent_from_date(d).start);
    let end = scope.to().as_ref().map(|d| extent_from_date(d).end);
    match (start, end) {
        (None, None) => fitted,
        (start, end) => {
            let start = start.filter(|t| t.is_finite()).unwrap_or(fitted.start);
            let end = end
                .filter(|t| t.is_finite())
                .unwrap_or_else(|| fitted.end());
            TimeView::from_range(start, end.max(start))
        }
    }
}

/// The days a view shows, first to last ("1 September 2023 – 31 December
/// 2023"): its end is exclusive, so the last day is the one before it.
fn range_label(view: &TimeView) -> String {
    let last = (view.end() - 1.0).max(view.start);
    format!("{} – {}", day_label(view.start), day_label(last))
}

/// A day as the picture's heading names it ("13 Sep 2023").
fn day_label(seconds: f64) -> String {
    date_at(seconds, Precision::Day).map_or_else(|| format!("{seconds:.0} s"), |d| d.display())
}

/// A picture's frame: heading, then the timeline, the legend and a footer.
struct Sheet<'a> {
    width: f32,
    title: &'a str,
    subtitle: &'a str,
    footer: Option<String>,
}

impl Sheet<'_> {
    /// Height of everything but the lanes.
    fn fixed_height(&self, with_overview: bool) -> f32 {
        let legend = svg::legend(
            None,
            Point { x: 0.0, y: 0.0 },
            self.width - 2.0 * MARGIN_POINTS,
        );
        let overview = if with_overview {
            OVERVIEW_GAP_POINTS + OVERVIEW_HEIGHT_POINTS
        } else {
            0.0
        };
        MARGIN_POINTS
            + HEADING_POINTS
            + AXIS_HEIGHT_POINTS
            + overview
            + LEGEND_GAP_POINTS
            + legend
            + self.footer.as_ref().map_or(0.0, |_| FOOTER_POINTS)
            + MARGIN_POINTS
    }

    /// Draws the sheet around the scene `scene` builds for an area; returns
    /// the SVG and its height (at least `min_height`).
    fn draw(
        &self,
        projection: &Projection,
        notebook: &Notebook,
        view: &TimeView,
        scene: impl Fn(Bounds) -> Scene,
        min_height: Option<f32>,
    ) -> (String, f32) {
        let inner = self.width - 2.0 * MARGIN_POINTS;
        let top = MARGIN_POINTS + HEADING_POINTS;
        let probe = scene(Bounds::from_min_size(MARGIN_POINTS, top, inner, 1.0e6));
        let lanes = if probe.lanes.is_empty() {
            EMPTY_LANES_POINTS
        } else {
            probe.content_height
        };
        let area_height = AXIS_HEIGHT_POINTS + lanes + OVERVIEW_GAP_POINTS + OVERVIEW_HEIGHT_POINTS;
        let area = Bounds::from_min_size(MARGIN_POINTS, top, inner, area_height);
        let scene = scene(area);
        let mut out = Svg::new();
        out.text_styled(
            Point {
                x: MARGIN_POINTS,
                y: MARGIN_POINTS,
            },
            self.title,
            (TITLE_FONT_POINTS, true),
            palette::STRONG,
            Anchor::Start,
        );
        out.text(
            Point {
                x: MARGIN_POINTS,
                y: MARGIN_POINTS + TITLE_FONT_POINTS + 6.0,
            },
            self.subtitle,
            SMALL_FONT_POINTS,
            palette::WEAK,
            Anchor::Start,
        );
        let overview = projection.index().extent().map(|extent| {
            let whole = scene::overview_view(extent, view);
            let bins = (scene.areas.overview.width() / OVERVIEW_BIN_POINTS).max(1.0) as usize;
            let histogram = projection
                .index()
                .histogram(None, whole.start, whole.end(), bins);
            Overview::new(scene.areas.overview, &whole, &histogram, view)
        });
        svg::draw_scene(&mut out, &scene, notebook, overview.as_ref());
        let legend_top = area.max_y + LEGEND_GAP_POINTS;
        let legend = svg::legend(
            Some(&mut out),
            Point {
                x: MARGIN_POINTS,
                y: legend_top,
            },
            inner,
        );
        let mut height = legend_top + legend + MARGIN_POINTS;
        if let Some(footer) = &self.footer {
            height += FOOTER_POINTS;
            height = height.max(min_height.unwrap_or(0.0));
            out.text(
                Point {
                    x: self.width - MARGIN_POINTS,
                    y: height - MARGIN_POINTS - SMALL_FONT_POINTS,
                },
                footer,
                SMALL_FONT_POINTS,
                palette::WEAK,
                Anchor::End,
            );
        }
        (out.finish(self.width, height, self.title), height)
    }
}

/// The system's fonts, loaded once per export (as the report PDF does).
fn system_fonts() -> Arc<usvg::fontdb::Database> {
    let mut db = usvg::fontdb::Database::new();
    db.load_system_fonts();
    Arc::new(db)
}

/// Parses a picture's SVG with the system fonts.
fn parse(svg: &str, fonts: &Arc<usvg::fontdb::Database>) -> ExportResult<usvg::Tree> {
    let options = usvg::Options {
        fontdb: Arc::clone(fonts),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options)
        .map_err(|e| ExportError::Invalid(format!("cannot draw the picture: {e}")))
}

/// Writes the timeline as SVG.
pub struct SvgWriter;

impl Writer for SvgWriter {
    fn write(&self, job: &Job<'_>, out: &mut dyn Write) -> ExportResult<()> {
        let picture = Picture::of(job);
        let (svg, _) = picture.svg(job, PICTURE_WIDTH_POINTS);
        job.tick(job.events.len())?;
        out.write_all(svg.as_bytes())?;
        Ok(())
    }
}

/// Writes the timeline as PNG.
pub struct PngWriter;

impl Writer for PngWriter {
    fn write(&self, job: &Job<'_>, out: &mut dyn Write) -> ExportResult<()> {
        let width_px = job.options.width_px.unwrap_or(PICTURE_WIDTH_POINTS as u32);
        check_width(width_px)?;
        let picture = Picture::of(job);
        // Up to the usual width, the layout is as wide as the image (a
        // window that wide); beyond, the usual layout is scaled up, so a
        // wide PNG is sharper rather than smaller-printed.
        let layout_width = (width_px as f32).min(PICTURE_WIDTH_POINTS);
        let (svg, _) = picture.svg(job, layout_width);
        let tree = parse(&svg, &system_fonts())?;
        let scale = width_px as f32 / tree.size().width();
        let height_px = (tree.size().height() * scale).ceil() as u32;
        if u64::from(width_px) * u64::from(height_px) > MAX_PNG_PIXELS {
            return Err(ExportError::Invalid(format!(
                "a {width_px} × {height_px} image is too large: choose fewer tracks or a smaller --width"
            )));
        }
        let mut pixmap =
            resvg::tiny_skia::Pixmap::new(width_px, height_px.max(1)).ok_or_else(|| {
                ExportError::Invalid(format!("a {width_px} × {height_px} image is too large"))
            })?;
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        job.tick(job.events.len())?;
        let png = pixmap
            .encode_png()
            .map_err(|e| ExportError::Invalid(format!("cannot encode the PNG: {e}")))?;
        out.write_all(&png)?;
        Ok(())
    }
}

/// Refuses a PNG width outside [`MIN_PNG_WIDTH_PX`]..=[`MAX_PNG_WIDTH_PX`].
///
/// # Errors
/// [`ExportError::Invalid`] saying what is allowed.
pub fn check_width(width_px: u32) -> ExportResult<()> {
    if (MIN_PNG_WIDTH_PX..=MAX_PNG_WIDTH_PX).contains(&width_px) {
        Ok(())
    } else {
        Err(ExportError::Invalid(format!(
            "--width {width_px} is out of range: give {MIN_PNG_WIDTH_PX} to {MAX_PNG_WIDTH_PX} pixels"
        )))
    }
}

/// Writes the timeline as a paged PDF.
pub struct TimelinePdfWriter;

impl Writer for TimelinePdfWriter {
    fn write(&self, job: &Job<'_>, out: &mut dyn Write) -> ExportResult<()> {
        let picture = Picture::of(job);
        let paper = job.options.paper;
        let pages = picture.pages(job, paper);
        let fonts = system_fonts();
        let (page_w, page_h) = paper.landscape_points();
        let settings = PageSettings::from_wh(page_w, page_h)
            .ok_or_else(|| ExportError::Pdf("bad page size".to_owned()))?;
        let mut document = Document::new();
        let count = pages.len();
        for (i, (svg, width, height)) in pages.iter().enumerate() {
            let tree = parse(svg, &fonts)?;
            let scale = PRINT_SCALE
                .min((page_w - 2.0 * PAGE_MARGIN_PT) / width)
                .min((page_h - 2.0 * PAGE_MARGIN_PT) / height);
            let size = Size::from_wh(width * scale, height * scale)
                .ok_or_else(|| ExportError::Pdf("bad picture size".to_owned()))?;
            let mut page = document.start_page_with(settings.clone());
            let mut surface = page.surface();
            surface.push_transform(&krilla::geom::Transform::from_translate(
                PAGE_MARGIN_PT,
                PAGE_MARGIN_PT,
            ));
            surface.draw_svg(&tree, size, SvgSettings::default());
            surface.pop();
            surface.finish();
            page.finish();
            if !job.tick_of(i + 1, count) {
                return Err(ExportError::Cancelled);
            }
        }
        document.set_metadata(
            krilla::metadata::Metadata::new()
                .title(super::text::one_line(job.title()).into_owned())
                .creator("Annals".to_owned()),
        );
        let bytes = document
            .finish()
            .map_err(|e| ExportError::Pdf(format!("{e:?}")))?;
        out.write_all(&bytes)?;
        Ok(())
    }
}

/// Writes the read-only HTML page: the SVG timeline and the chronology.
pub struct PageWriter;

impl Writer for PageWriter {
    fn write(&self, job: &Job<'_>, out: &mut dyn Write) -> ExportResult<()> {
        let picture = Picture::of(job);
        let (svg, _) = picture.svg(job, PICTURE_WIDTH_POINTS);
        super::html::write_html(job, out, Some(&svg))
    }
}
