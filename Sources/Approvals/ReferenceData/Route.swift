import Foundation

/// One of the 15 routes that group occupations on the occupational maps. The raw value is a stable
/// code kept in the store and the API; the title is what people read.
public enum Route: String, Sendable, Codable, CaseIterable, Hashable {
    case agricultureEnvironmentalAnimalCare = "agriculture_environmental_animal_care"
    case businessAdministration = "business_administration"
    case careServices = "care_services"
    case cateringHospitality = "catering_hospitality"
    case constructionBuiltEnvironment = "construction_built_environment"
    case creativeDesign = "creative_design"
    case digital
    case educationEarlyYears = "education_early_years"
    case engineeringManufacturing = "engineering_manufacturing"
    case hairBeauty = "hair_beauty"
    case healthScience = "health_science"
    case legalFinanceAccounting = "legal_finance_accounting"
    case protectiveServices = "protective_services"
    case salesMarketingProcurement = "sales_marketing_procurement"
    case transportLogistics = "transport_logistics"

    public var title: String {
        switch self {
        case .agricultureEnvironmentalAnimalCare: "Agriculture, environmental and animal care"
        case .businessAdministration: "Business and administration"
        case .careServices: "Care services"
        case .cateringHospitality: "Catering and hospitality"
        case .constructionBuiltEnvironment: "Construction and the built environment"
        case .creativeDesign: "Creative and design"
        case .digital: "Digital"
        case .educationEarlyYears: "Education and early years"
        case .engineeringManufacturing: "Engineering and manufacturing"
        case .hairBeauty: "Hair and beauty"
        case .healthScience: "Health and science"
        case .legalFinanceAccounting: "Legal, finance and accounting"
        case .protectiveServices: "Protective services"
        case .salesMarketingProcurement: "Sales, marketing and procurement"
        case .transportLogistics: "Transport and logistics"
        }
    }

    /// Other names the route is known by (imports and searches accept these too).
    public var otherTitles: [String] {
        switch self {
        case .educationEarlyYears: ["Education and childcare"]
        default: []
        }
    }

    /// The route whose title or other title matches, ignoring case, spaces and an Oxford comma.
    public init?(title: String) {
        func normal(_ s: String) -> String {
            s.lowercased().replacingOccurrences(of: ",", with: "").split(separator: " ").joined(separator: " ")
        }
        let wanted = normal(title)
        guard let match = Route.allCases.first(where: { route in
            ([route.title] + route.otherTitles).contains { normal($0) == wanted }
        }) else { return nil }
        self = match
    }
}
