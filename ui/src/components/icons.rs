//! Line icons drawn by hand (24×24, stroked by CSS), so nothing is downloaded.

use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Home,
    Docs,
    Meetings,
    Tasks,
    Me,
    Orgs,
    Sync,
    ChevronRight,
    ChevronDown,
    Back,
    Plus,
    Qr,
    Alert,
    Card,
    Chat,
}

impl Icon {
    fn path(self) -> &'static str {
        match self {
            Icon::Home => "M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z",
            Icon::Docs => "M7 3h7l5 5v12a1 1 0 0 1-1 1H7a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zM14 3v5h5M9 13h6M9 17h6",
            Icon::Meetings => "M4 6h16v14H4zM4 10h16M8 3v5M16 3v5M8 14h3",
            Icon::Tasks => "M10 6h10M10 12h10M10 18h10M4 6l1.5 1.5L8 5M4 12l1.5 1.5L8 11M4 18l1.5 1.5L8 17",
            Icon::Me => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 3.6-6 8-6s8 2 8 6",
            Icon::Orgs => "M9 3h6v5H9zM3 16h6v5H3zM15 16h6v5h-6zM12 8v4M6 16v-4h12v4",
            Icon::Sync => "M20 12a8 8 0 0 1-14 5.3M4 12a8 8 0 0 1 14-5.3M18 3v4h-4M6 21v-4h4",
            Icon::ChevronRight => "M9 6l6 6-6 6",
            Icon::ChevronDown => "M6 9l6 6 6-6",
            Icon::Back => "M15 5l-7 7 7 7",
            Icon::Plus => "M12 5v14M5 12h14",
            Icon::Qr => "M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h2v2h-2zM18 18h2v2h-2zM14 18h2M18 14h2",
            Icon::Alert => "M12 3 2 20h20zM12 10v4M12 17v.5",
            Icon::Card => "M3 6h18v12H3zM7 10h4M7 14h7M15 10h2",
            Icon::Chat => "M4 5h16v11H9l-5 4zM8 9h8M8 12h5",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct IconProps {
    pub icon: Icon,
}

#[function_component(IconView)]
pub fn icon_view(props: &IconProps) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d={props.icon.path()} />
        </svg>
    }
}

/// Shorthand: `{icon(Icon::Home)}`.
pub fn icon(i: Icon) -> Html {
    html! { <IconView icon={i} /> }
}
