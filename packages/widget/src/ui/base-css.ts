/**
 * The widget's one stylesheet. Every selector starts at `.nxc-root`; per-instance values arrive
 * as custom properties from a rule scoped to the instance (see instance-css.ts), so no element
 * needs a style attribute. The first rule reverts whatever the host page's own rules set on our
 * elements: its type and universal selectors are less specific than ours. The build minifies
 * this text.
 */
export const baseCss = /* css */ `
.nxc-root,.nxc-root *,.nxc-root ::before,.nxc-root ::after{all:revert;box-sizing:border-box}
.nxc-root *{font-size:inherit!important}
.nxc-root{--p:var(--nxc-primary,#2563eb);--bg:#fff;--fg:#111827;--mu:#4b5563;--bd:#d1d5db;--sf:#f3f4f6;--ln:#1d4ed8;--er:#b91c1c;--cd:#e5e7eb;
display:block!important;margin:0;padding:0;color:var(--fg);text-align:start;font:14px/1.5 system-ui,sans-serif!important}
.nxc-root[data-theme=dark]{--bg:#111827;--fg:#f9fafb;--mu:#d1d5db;--bd:#4b5563;--sf:#1f2937;--ln:#93c5fd;--er:#fca5a5;--cd:#374151}
.nxc-root [hidden]{display:none!important}
.nxc-root[data-embedded],:host([data-embedded]){display:block;height:100%}
.nxc-root :where(button){font:inherit;color:inherit;background:none;border:0;margin:0;padding:0;cursor:pointer}
.nxc-root :where(button:disabled){cursor:default;opacity:.6}
.nxc-root :focus-visible{outline:2px solid var(--p);outline-offset:2px}
/* "all" would also drop the path data of the icons, which lives in their d attribute. */
.nxc-root path{d:revert-layer}
.nxc-root svg{width:18px;height:18px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round;flex:none}
.nxc-sr{position:absolute!important;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.nxc-launcher,.nxc-teaser,.nxc-window{position:fixed;z-index:2147483000;right:20px;bottom:20px}
.nxc-root[data-pos$=left] :is(.nxc-launcher,.nxc-teaser,.nxc-window){left:20px;right:auto}
.nxc-root[data-pos^=top] :is(.nxc-launcher,.nxc-teaser,.nxc-window){top:20px;bottom:auto}
.nxc-root[data-pos^=bottom] :is(.nxc-teaser,.nxc-window){bottom:92px}
.nxc-root[data-pos^=top] :is(.nxc-teaser,.nxc-window){top:92px}
.nxc-launcher{display:flex;align-items:center;justify-content:center;gap:8px;min-width:56px;height:56px;padding:0 16px;
border-radius:var(--nxc-l-radius,28px);background:var(--nxc-l-bg,var(--p));color:var(--nxc-l-fg,#fff);
box-shadow:0 4px 16px #0004;font-size:15px!important;font-weight:600;line-height:1}
.nxc-launcher:is(:hover,:focus-visible){background:var(--nxc-l-hover,color-mix(in srgb,var(--nxc-l-bg,var(--p)) 82%,#000))}
.nxc-launcher[data-size=small]{min-width:48px;height:48px}
.nxc-launcher[data-size=large]{min-width:64px;height:64px}
.nxc-launcher :is(img,svg){width:26px;height:26px}
.nxc-teaser{display:flex!important;gap:4px;max-width:min(300px,90vw);padding:12px;border-radius:12px;background:var(--bg);border:1px solid var(--bd);box-shadow:0 8px 30px #0003}
.nxc-window{display:flex!important;flex-direction:column;overflow:hidden;background:var(--nxc-w-bg,var(--bg));z-index:2147483001;
width:var(--nxc-w,384px);height:var(--nxc-h,600px);max-width:calc(100vw - 40px);max-height:calc(100dvh - 112px);
border-radius:var(--nxc-w-radius,16px);border-top:var(--nxc-accent-h,0) solid var(--nxc-accent,#0000);box-shadow:var(--nxc-w-shadow,0 12px 40px #0004)}
.nxc-root[data-embedded] .nxc-window{position:static;width:100%;height:100%;max-width:none;max-height:none;min-height:360px;border:1px solid var(--bd);box-shadow:none}
.nxc-header{display:flex!important;align-items:center;gap:8px;padding:var(--nxc-hd-pad,12px 12px 12px 16px);background:var(--nxc-hd-bg,var(--p));color:var(--nxc-hd-fg,#fff)}
.nxc-title{flex:1;margin:0;font-size:16px!important;font-weight:600;line-height:1.3;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.nxc-logo{height:24px}
.nxc-btn{display:inline-flex;align-items:center;justify-content:center;width:32px;height:32px;border-radius:8px}
.nxc-header .nxc-btn{color:var(--nxc-hd-icon,var(--nxc-hd-fg,#fff))}
.nxc-btn:hover{background:color-mix(in srgb,currentColor 14%,#0000)}
.nxc-transcript{flex:1;overflow-y:auto;overscroll-behavior:contain;display:flex!important;flex-direction:column-reverse;
scrollbar-width:var(--nxc-sb,thin);scrollbar-color:var(--nxc-thumb,#9ca3af) var(--nxc-track,#0000)}
.nxc-transcript:hover{scrollbar-color:var(--nxc-thumb-hover,var(--nxc-thumb,#6b7280)) var(--nxc-track,#0000)}
.nxc-log{display:flex!important;flex-direction:column;gap:12px;padding:16px;margin-bottom:auto}
.nxc-msg{content-visibility:auto;contain-intrinsic-size:auto 120px;display:flex!important;flex-direction:column;align-items:flex-start;gap:6px;max-width:var(--nxc-b-max,85%)}
.nxc-msg[data-nexus-role=user]{align-self:flex-end;align-items:flex-end}
.nxc-row{display:flex!important;gap:8px;align-items:flex-end;max-width:100%}
.nxc-avatar{width:28px;height:28px;border-radius:50%}
.nxc-bubble{display:block!important;padding:10px 14px;min-width:0;overflow-wrap:anywhere;border-radius:var(--nxc-a-radius,14px);background:var(--nxc-a-bg,var(--sf));color:var(--nxc-a-fg,var(--fg))}
[data-nexus-role=user] .nxc-bubble{white-space:pre-wrap;border-radius:var(--nxc-u-radius,14px);background:var(--nxc-u-bg,var(--p));color:var(--nxc-u-fg,#fff)}
[data-status=error]>.nxc-row .nxc-bubble{outline:2px solid var(--er)}
.nxc-md{display:block!important}
.nxc-md>:first-child{margin-top:0}.nxc-md>:last-child{margin-bottom:0}
.nxc-md :is(p,ul,ol,pre,table,blockquote){margin:0 0 .6em}
.nxc-md :is(h1,h2,h3,h4,h5,h6){margin:.8em 0 .4em;font-size:1.1em!important;line-height:1.3}
.nxc-md :is(ul,ol){padding-inline-start:1.4em}
.nxc-root a{color:var(--ln)}
.nxc-md a:not([href]){color:inherit}
.nxc-md code{font-size:.9em!important;font-family:ui-monospace,monospace;background:var(--cd);border-radius:4px;padding:.1em .3em}
/* Code wraps rather than scrolls: every scroller is a composited layer, costly while streaming. */
.nxc-md pre{white-space:pre-wrap;overflow-wrap:anywhere;padding:10px;border-radius:8px;background:var(--cd)}
.nxc-md pre code{padding:0}
.nxc-md table{border-collapse:collapse;display:block}
[data-status=complete] .nxc-md table{overflow-x:auto}
.nxc-md :is(th,td){border:1px solid var(--bd);padding:4px 8px}
.nxc-md blockquote{padding-inline-start:10px;border-inline-start:3px solid var(--bd)}
.nxc-md img{max-width:100%}
.nxc-typing::after{content:"…"}
.nxc-meta,.nxc-sources,.nxc-notice,.nxc-powered{display:flex!important;flex-wrap:wrap;align-items:center;gap:4px;margin:0;padding:0;color:var(--mu);font-size:12px!important}
.nxc-meta .nxc-btn{width:28px;height:28px}
.nxc-meta [aria-pressed=true]{color:var(--ln);background:var(--sf)}
.nxc-txt{padding:4px 10px;border-radius:8px;border:1px solid var(--bd)}
.nxc-comment{display:flex!important;flex-direction:column;gap:6px;width:100%}
.nxc-root :where(textarea){font:inherit;color:var(--nxc-i-fg,var(--fg));background:var(--nxc-i-bg,var(--bg));border:1px solid var(--nxc-i-border,var(--bd));
border-radius:10px;padding:8px 10px;resize:none;width:100%;margin:0}
.nxc-actions{display:flex!important;flex-wrap:wrap;gap:8px}
.nxc-actions[data-spacing=compact]{gap:4px}.nxc-actions[data-spacing=relaxed]{gap:12px}
.nxc-actions[data-align=center]{justify-content:center}.nxc-actions[data-align=right]{justify-content:flex-end}
.nxc-earlier{align-self:center}
.nxc-actions[data-align=stretch]>*{flex:1}
.nxc-action{padding:6px 12px;border-radius:99px;border:1px solid var(--p);color:var(--ln);background:var(--bg)}
.nxc-notice,.nxc-powered{justify-content:center;text-align:center}
.nxc-connection{margin:0;padding:4px 12px;color:var(--mu);font-size:12px;text-align:center}
.nxc-notice[data-level=error]{color:var(--er)}
.nxc-powered{padding:0 12px 8px;font-size:11px!important}
.nxc-sources{list-style:none}
.nxc-disclaimer{display:flex!important;flex-direction:column;gap:8px;margin:0 12px 8px;padding:12px;border:1px solid var(--bd);border-radius:10px;background:var(--sf);max-height:50%;overflow-y:auto}
.nxc-disclaimer h2{margin:0;font-size:15px!important}
.nxc-primary{align-self:flex-start;padding:8px 16px;border-radius:8px;background:var(--p);color:#fff;font-weight:600}
.nxc-live{display:flex!important;flex-wrap:wrap;align-items:center;gap:8px;padding:8px 12px;border-top:1px solid var(--bd);background:var(--sf)}
.nxc-live-text{flex:1;min-width:60%}
.nxc-live p,.nxc-agent{margin:0}
.nxc-live-actions{display:flex!important;flex-wrap:wrap;gap:6px}
.nxc-typing,.nxc-agent{color:var(--mu);font-size:12px!important}
.nxc-composer{display:flex!important;flex-wrap:wrap;align-items:flex-end;gap:6px;padding:10px 12px;border-top:1px solid var(--bd)}
.nxc-input{flex:1;min-height:40px;max-height:160px;field-sizing:content;line-height:1.4}
.nxc-input::placeholder{color:var(--mu);opacity:1}
.nxc-composer .nxc-notice{flex-basis:100%}
.nxc-composer .nxc-btn{width:40px;height:40px;color:var(--mu)}
.nxc-composer .nxc-send{background:var(--p);color:#fff}
/* Right to left: flex rows and logical properties mirror the layout; an arrow must be turned. */
.nxc-root[dir=rtl] .nxc-send svg{transform:scaleX(-1)}
.nxc-root[dir=rtl] .nxc-header{padding:var(--nxc-hd-pad,12px 16px 12px 12px)}
.nxc-composer [aria-pressed=true]{color:var(--er)}
@media (max-width:639.98px){.nxc-root:not([data-embedded]) .nxc-window{inset:0;width:100%;height:100dvh;max-width:none;max-height:none;border-radius:0}
.nxc-root textarea,.nxc-root[data-nxc-id] .nxc-composer textarea.nxc-input{font-size:16px!important}}
`;
