/**
 * The two hooks this plugin uses from react-router-dom 6, which the host page provides (requirejs) and
 * which is not installed in this workspace.
 */
declare module 'react-router-dom' {
  export interface Location {
    pathname: string;
    search: string;
    hash: string;
    state: unknown;
    key: string;
  }

  export interface NavigateOptions {
    replace?: boolean;
    state?: unknown;
  }

  export type To = string | Partial<Pick<Location, 'pathname' | 'search' | 'hash'>>;

  export function useLocation(): Location;
  export function useNavigate(): (to: To, options?: NavigateOptions) => void;
}
